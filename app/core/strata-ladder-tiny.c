/* strata-ladder-tiny.c: a grid point of a very short stack, and its bands
 * inside a grid interval, from all its strategies
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-model"

#include "config.h"

#include <float.h>
#include <math.h>

#include "strata/strata-model.h"

#include "strata-ladder-private.h"

/* On a stack of a few layers (the samples: four or five layers of two
 * options, 16 or 32 strategies) the ladder's 64 grid optima were two
 * thirds of its time (issue 15), each a whole search with its set-up.
 * There every strategy's cost is cheaper to add up than one search: what
 * of a strategy's cost does not depend on the volume (each layer's
 * co-design factor, which interfaces it pays) is worked out once per
 * ladder (_strata_ladder_tiny_new ()), and at a grid point each option's
 * terms once, then each strategy's cost is n products and sums.
 *
 * The cheapest strategy S and the least excess over it of any other come
 * out of that.  When the excess exceeds TINY_TOLERANCES times the tie
 * tolerance of the largest magnitude any strategy can have, S is cheaper
 * than every other strategy by far more than the tie tolerance and the
 * roundings of any order of summing the costs: the optimizer's search,
 * its reconstruction and every comparison in them keep S (and its window
 * holds S's options, its argument making its optimum the optimum over
 * every option), so S is the optimum there.  Otherwise (a tie, a cost
 * that is not finite) the optimizer is asked. */
#define TINY_TOLERANCES 1e3

struct _LadderTiny
{
  guint   n_layers, n_strategies;
  guint  *option;   /* n_strategies x n_layers: the option, by plan->opt_offset */
  double *coef;     /* n_strategies x n_layers: the factor of the option's base */
  double *iface;    /* n_strategies: the interfaces it pays */
  double *learn;    /* n_options at the grid point: the variable base, with a
                     * learning curve, else 0 */
  double *flat;     /* n_options: the variable base without one, else 0 */
  double *fixed;    /* n_options: fixed / V */
  /* No cost rises with the volume, nor any magnitude (fixed costs and
   * variable bases not negative, learning exponents not above 0); the
   * steepest exponent. */
  gboolean monotone;
  double   steepest;
  /* The last grid point worked out here, when held: its volume, the
   * answer and what it must beat the others by, and each strategy's cost
   * there in three parts: learning curves (times their factors), fixed
   * costs over the volume, the rest. */
  gboolean held;
  guint    held_q, held_s;
  double   held_volume, held_threshold;
  double  *part_learn, *part_fixed, *part_rest;
  /* n_options: (the widest ratio of two grid points)^the option's
   * exponent (1 without a learning curve), their product over the grid
   * points since the held one (held back by each product's rounding),
   * and the bound of the curve's base at the next grid point (not below
   * the option's floor): the second, tighter test of tiny_carry (). */
  double  *step, *ratio, *bound;
  /* n_strategies: what of its cost is constant (its interfaces less its
   * ecosystem values) and its fixed costs (_strata_ladder_tiny_probes ()). */
  double  *konst, *fixed_sum;
  /* n_points: at each grid point q worked out here, a lower bound of
   * every other strategy S's cost there but its fixed costs F_S, plus
   * the least of (F_S - F_X) / V over the interval below q, X the
   * optimum at q (NAN: not known); and F_X. */
  const double *volumes;
  double  *low, *fixed_x;
};

LadderTiny *
_strata_ladder_tiny_new (const Plan   *plan,
                         const double *volumes,
                         guint         n_points)
{
  const StrataDataset *dataset = plan->dataset;
  guint n = dataset->n_layers, count = 1;
  guint digit[TINY_MAX_LAYERS] = { 0 };
  double factor[TINY_MAX_LAYERS];
  LadderTiny *t;

  if (plan_packed (plan) == NULL || n == 0 || n > TINY_MAX_LAYERS)
    return NULL;
  for (guint i = 0; i < n; i++)
    {
      count *= dataset->layers[i].n_options;
      if ((gsize) count * n > TINY_MAX_WORK)
        return NULL;
    }

  t = g_new0 (LadderTiny, 1);
  t->n_layers = n;
  t->n_strategies = count;
  t->option = g_new (guint, (gsize) count * n);
  t->coef = g_new (double, (gsize) count * n + 6 * (gsize) count + 6 * (gsize) plan->n_options);
  t->iface = t->coef + (gsize) count * n;
  t->part_learn = t->iface + count;
  t->part_fixed = t->part_learn + count;
  t->part_rest = t->part_fixed + count;
  t->learn = t->part_rest + count;
  t->flat = t->learn + plan->n_options;
  t->fixed = t->flat + plan->n_options;
  t->step = t->fixed + plan->n_options;
  t->ratio = t->step + plan->n_options;
  t->bound = t->ratio + plan->n_options;
  t->konst = t->bound + plan->n_options;
  t->fixed_sum = t->konst + count;
  t->volumes = volumes;
  t->low = g_new (double, 2 * (gsize) n_points);
  t->fixed_x = t->low + n_points;
  for (guint q = 0; q < n_points; q++)
    t->low[q] = NAN;
  t->monotone = _strata_ladder_curve_steps (plan, volumes, n_points, t->step);
  for (guint o = 0; o < plan->n_options; o++)
    {
      const PlanOption *wo = &plan_packed (plan)[o];

      if (!ladder_option_monotone (wo))
        t->monotone = FALSE;
      else if (isnan (wo->base))
        t->steepest = MIN (t->steepest, wo->exponent);
    }

  for (guint s = 0; s < count; s++)
    {
      guint *option = t->option + (gsize) s * n;
      double *coef = t->coef + (gsize) s * n;

      /* The factors as the model multiplies them (links in dataset
       * order), the interfaces as it pays them. */
      for (guint i = 0; i < n; i++)
        factor[i] = 1.0;
      for (guint k = 0; k < dataset->n_links; k++)
        {
          const StrataLink *link = &dataset->links[k];

          if (dataset->layers[link->from].options[digit[link->from]].mode == STRATA_MODE_INTEGRATED &&
              dataset->layers[link->to].options[digit[link->to]].mode == STRATA_MODE_INTEGRATED)
            factor[link->to] *= 1.0 - link->saving.value;
        }
      t->iface[s] = 0;
      t->konst[s] = 0;
      t->fixed_sum[s] = 0;
      for (guint i = 0; i < n; i++)
        {
          gboolean integrated = dataset->layers[i].options[digit[i]].mode == STRATA_MODE_INTEGRATED;

          option[i] = plan->opt_offset[i] + digit[i];
          coef[i] = integrated ? factor[i] : 1.0;
          if (i + 1 < n &&
              !(integrated &&
                dataset->layers[i + 1].options[digit[i + 1]].mode == STRATA_MODE_INTEGRATED))
            t->iface[s] += plan->iface[i];
          t->konst[s] -= plan_packed (plan)[option[i]].eco;
          t->fixed_sum[s] += plan_packed (plan)[option[i]].fixed;
        }
      t->konst[s] += t->iface[s];

      /* The next strategy: layer 0's option turns fastest. */
      for (guint i = 0; i < n && ++digit[i] == dataset->layers[i].n_options; i++)
        digit[i] = 0;
    }
  return t;
}

void
_strata_ladder_tiny_free (LadderTiny *t)
{
  if (t == NULL)
    return;
  g_free (t->option);
  g_free (t->coef);
  g_free (t->low);
  g_free (t);
}

/* The second bound of tiny_carry (): strategy @s's cost with each
 * option's own exponent (its curve's base at the held volume times
 * t->ratio, not below its floor), plus its fixed costs' part times @y,
 * plus the rest. */
static double
tiny_bound (LadderTiny *t,
            const Plan *plan,
            guint       s,
            double      y)
{
  const PlanOption *packed = plan_packed (plan);
  const guint *option = t->option + (gsize) s * t->n_layers;
  const double *coef = t->coef + (gsize) s * t->n_layers;
  double c = t->part_fixed[s] * y + t->part_rest[s];

  for (guint i = 0; i < t->n_layers; i++)
    {
      guint o = option[i];

      c += coef[i] * ladder_curve_bound (&packed[o], t->learn[o], t->ratio[o]);
    }
  return c;
}

/* _strata_ladder_tiny_no_band ()'s bound over [lo, hi], summed over the
 * strategies S other than the optimum X from a lower bound c of each
 * one's cost at hi: the least over S of what of c is not S's fixed
 * costs F_S, plus the least of (F_S - F_X) / V there.  That is c - F_X /
 * hi when F_S >= F_X, else c + F_S (1 / lo - 1 / hi) - F_X / lo: the two
 * kinds' least apart, each one product a strategy. */
typedef struct
{
  double fx, k, dearer, cheaper;
} LowSum;

static inline void
low_init (LowSum *l,
          double  fx,
          double  lo,
          double  hi)
{
  l->fx = fx;
  l->k = 1 / lo - 1 / hi;
  l->dearer = l->cheaper = INFINITY;
}

static inline void
low_add (LowSum *l,
         double  fs,
         double  c)
{
  if (fs >= l->fx)
    l->dearer = MIN (l->dearer, c);
  else
    l->cheaper = MIN (l->cheaper, c + fs * l->k);
}

static inline double
low_result (const LowSum *l,
            double        lo,
            double        hi)
{
  return MIN (l->dearer - l->fx / hi, l->cheaper - l->fx / lo);
}

/* Grid point @q at @volume from the one before it, held: each
 * strategy's cost there is at least its learning curves' part times
 * (volume / held volume)^steepest (a floor or a cap only holds a curve
 * back), plus its fixed costs' part times held volume / volume, plus the
 * rest; when every other strategy's bound exceeds the held answer's own
 * cost at @volume by the threshold (the tie tolerance's bound at the held
 * volume, where magnitudes are largest), it is the optimum there too. */
static gboolean
tiny_carry (LadderTiny *t,
            const Plan *plan,
            guint       q,
            double      volume,
            guint      *row,
            double     *bases,
            double     *cost)
{
  const guint *option = t->option + (gsize) t->held_s * t->n_layers;
  const double *coef = t->coef + (gsize) t->held_s * t->n_layers;
  double x, y = t->held_volume / volume, own, bar;
  LowSum low;

  if (!t->held || q != t->held_q + 1 || !(volume > t->held_volume))
    return FALSE;
  x = pow (volume / t->held_volume, t->steepest);
  own = _strata_ladder_row_cost (plan, option, coef, volume, bases);
  bar = own + t->held_threshold;
  if (!isfinite (bar))
    return FALSE;
  for (guint o = 0; o < plan->n_options; o++)
    t->ratio[o] *= t->step[o] * (1 - 4 * DBL_EPSILON);
  low_init (&low, t->fixed_sum[t->held_s], t->volumes[q - 1], volume);
  for (guint s = 0; s < t->n_strategies; s++)
    {
      double c;

      if (s == t->held_s)
        continue;
      c = t->part_learn[s] * x + t->part_fixed[s] * y + t->part_rest[s];
      if (!(c > bar) && !((c = MAX (c, tiny_bound (t, plan, s, y))) > bar))
        return FALSE;
      low_add (&low, t->fixed_sum[s], c);
    }
  t->low[q] = low_result (&low, t->volumes[q - 1], volume);
  t->fixed_x[q] = t->fixed_sum[t->held_s];

  for (guint i = 0; i < t->n_layers; i++)
    row[i] = option[i] - plan->opt_offset[i];
  *cost = own;
  t->held_q = q;
  return TRUE;
}

double
_strata_ladder_row_cost (const Plan   *plan,
                         const guint  *option,
                         const double *coef,
                         double        volume,
                         double       *bases)
{
  const PlanOption *packed = plan_packed (plan);
  double unit = 0, eco = 0;
  guint n = plan->n_layers;

  for (guint i = 0; i < n; i++)
    {
      const PlanOption *wo = &packed[option[i]];
      gboolean integrated = wo->mode == STRATA_MODE_INTEGRATED;
      double base = packed_base (wo, plan_memo_curve (plan, wo, option[i], volume)), iface = 0;

      bases[i] = base;
      if (i + 1 < n && !(integrated && packed[option[i + 1]].mode == STRATA_MODE_INTEGRATED))
        iface = plan->iface[i];
      unit += (integrated ? base * coef[i] : base) + wo->fixed / volume + iface;
      eco += wo->eco;
    }
  return plan->objective == STRATA_OBJECTIVE_CASH ? unit : unit - eco;
}

gboolean
_strata_ladder_tiny_row (LadderTiny *t,
                         const Plan *plan,
                         guint       q,
                         double      volume,
                         guint      *row,
                         double     *bases,
                         double     *cost)
{
  const PlanOption *packed = plan_packed (plan);
  guint n = t->n_layers, best_s = 0;
  double scale = 0, best = INFINITY, second = INFINITY, threshold;

  *cost = NAN;
  if (t->monotone && tiny_carry (t, plan, q, volume, row, bases, cost))
    return TRUE;
  t->held = FALSE;

  /* Each option's terms, and the largest magnitude of a strategy. */
  for (guint i = 0; i < n; i++)
    {
      double largest = 0;

      for (guint o = plan->opt_offset[i]; o < plan->opt_offset[i + 1]; o++)
        {
          const PlanOption *wo = &packed[o];
          double var = packed_base (wo, plan_memo_curve (plan, wo, o, volume));

          t->learn[o] = isnan (wo->base) ? var : 0;
          t->flat[o] = isnan (wo->base) ? 0 : var;
          t->fixed[o] = wo->fixed / volume;
          largest = MAX (largest, fabs (var) + fabs (t->fixed[o]) + fabs (wo->eco));
        }
      scale += largest + fabs (plan->iface[i]);
    }
  threshold = TINY_TOLERANCES * STRATA_TIE_TOLERANCE * scale;
  if (!isfinite (threshold))
    return FALSE;

  for (guint s = 0; s < t->n_strategies; s++)
    {
      const guint *option = t->option + (gsize) s * n;
      const double *coef = t->coef + (gsize) s * n;
      double learn = 0, fixed = 0, rest = t->iface[s], c;

      for (guint i = 0; i < n; i++)
        {
          guint o = option[i];

          learn += coef[i] * t->learn[o];
          fixed += t->fixed[o];
          rest += coef[i] * t->flat[o] - packed[o].eco;
        }
      t->part_learn[s] = learn;
      t->part_fixed[s] = fixed;
      t->part_rest[s] = rest;
      c = learn + fixed + rest;
      if (c < best)
        second = best, best = c, best_s = s;
      else if (c < second)
        second = c;
    }
  if (!(second - best > threshold))
    return FALSE;
  t->low[q] = NAN;
  if (q > 0)
    {
      LowSum low;

      low_init (&low, t->fixed_sum[best_s], t->volumes[q - 1], volume);
      for (guint s = 0; s < t->n_strategies; s++)
        if (s != best_s)
          low_add (&low, t->fixed_sum[s], t->part_learn[s] + t->part_fixed[s] + t->part_rest[s]);
      t->low[q] = low_result (&low, t->volumes[q - 1], volume);
      t->fixed_x[q] = t->fixed_sum[best_s];
    }

  for (guint i = 0; i < n; i++)
    {
      guint o = t->option[(gsize) best_s * n + i];

      row[i] = o - plan->opt_offset[i];
      bases[i] = t->learn[o] + t->flat[o];
    }
  for (guint o = 0; o < plan->n_options; o++)
    t->ratio[o] = 1.0;
  t->held = TRUE;
  t->held_q = q;
  t->held_s = best_s;
  t->held_volume = volume;
  t->held_threshold = threshold;
  return TRUE;
}

/*
 * strata-ladder-excursion.c looks for a band inside a grid interval by
 * swapping one layer, or two an interface or links join.  Three layers
 * may be cheaper moved together where no one or two of them are: three
 * neighbours of a stack of three that buy together pay the two
 * interfaces between them, fewer than one a layer, where one or two of
 * them buying pay as many interfaces as layers (the one next to a layer
 * that keeps building is paid too)
 * (tests/data/ladder/triple-leave.strata.json: from 82.7 k to 97.2 k
 * units a year, and the swaps saw nothing).  On a stack whose every
 * strategy strata-ladder-tiny.c lists (the samples), every strategy is
 * tried instead, so a band of any number of layers is found.
 *
 * Over each part [u, w] of the interval between the flips located in it,
 * the optimum X is the context turned by the flips below the part; a
 * strategy S differs from X in the layers where their options or their
 * co-design factors differ, and
 *
 *   D (V) = S (V) - X (V) = K + F / V + sum over those layers of
 *           (f_S base_S (V) - f_X base_X (V))
 *
 * with K the interfaces and ecosystem values' difference, F the fixed
 * costs' and f the factors.  Every base falls with the volume (a
 * learning curve held between its floor and cap, or a constant: the
 * stack's costs never rise, t->monotone), so over
 * [u, w] each layer's term is at least f_S base_S (w) - f_X base_X (u),
 * exactly its least when one of the two is constant, or both are curves
 * of one exponent between floor and cap (a single power: its least is at
 * an end); F / V is one term, least at an end.  Where that sum is above
 * -margin, S does not beat X in the part; else a branch and bound in
 * ln V halves the part of least bound first and stops at the first
 * midpoint where D < -margin: a probe, solved and its flips located as
 * the swaps' probes are.  As there, a strategy the part's end flips to
 * is not followed within OWN_GAP of that flip (D is 0 at the flip).
 */

gboolean _strata_ladder_tiny_bands_disabled = FALSE;

#define BAND_BUDGET 96    /* midpoints per strategy and part */
#define BAND_OPEN   32    /* parts of its branch and bound kept open */
#define OWN_GAP     1e-4  /* as strata-ladder-excursion.c's */

/* Where S differs from X: per layer, S's and X's options and factors. */
typedef struct
{
  guint             n;
  guint             oa[TINY_MAX_LAYERS], ob[TINY_MAX_LAYERS];
  const PlanOption *a[TINY_MAX_LAYERS], *b[TINY_MAX_LAYERS];
  double            fa[TINY_MAX_LAYERS], fb[TINY_MAX_LAYERS];
  double            konst, fixed;
} Diff;

/* A volume of the branch and bound: the learning curves of the options
 * Diff holds there (NAN without one). */
typedef struct
{
  double v;
  double ca[TINY_MAX_LAYERS], cb[TINY_MAX_LAYERS];
} Point;

typedef struct
{
  guint  u, w;   /* indices into the points */
  double bound;
} Part;

static void
diff_init (Diff             *d,
           const LadderTiny *t,
           const Plan       *plan,
           guint             s,
           guint             x)
{
  const PlanOption *packed = plan_packed (plan);
  const guint *os = t->option + (gsize) s * t->n_layers, *ox = t->option + (gsize) x * t->n_layers;
  const double *cs = t->coef + (gsize) s * t->n_layers, *cx = t->coef + (gsize) x * t->n_layers;

  d->n = 0;
  d->konst = t->iface[s] - t->iface[x];
  d->fixed = 0;
  for (guint i = 0; i < plan->n_layers; i++)
    {
      const PlanOption *a = &packed[os[i]], *b = &packed[ox[i]];

      if (os[i] == ox[i] && cs[i] == cx[i])
        continue;
      d->oa[d->n] = os[i];
      d->ob[d->n] = ox[i];
      d->a[d->n] = a;
      d->b[d->n] = b;
      d->fa[d->n] = cs[i];
      d->fb[d->n] = cx[i];
      d->n++;
      d->konst += b->eco - a->eco;
      d->fixed += a->fixed - b->fixed;
    }
}

static void
point_at (const Diff *d,
          double      v,
          Point      *p)
{
  p->v = v;
  for (guint e = 0; e < d->n; e++)
    {
      p->ca[e] = packed_curve (d->a[e], v);
      p->cb[e] = packed_curve (d->b[e], v);
    }
}

/* The point at @v from every option's curve there, @curve. */
static void
point_from (const Diff   *d,
            double        v,
            const double *curve,
            Point        *p)
{
  p->v = v;
  for (guint e = 0; e < d->n; e++)
    {
      p->ca[e] = curve[d->oa[e]];
      p->cb[e] = curve[d->ob[e]];
    }
}

/* D at the point. */
static double
diff_at (const Diff  *d,
         const Point *p)
{
  double sum = d->konst + d->fixed / p->v;

  for (guint e = 0; e < d->n; e++)
    sum += d->fa[e] * packed_base (d->a[e], p->ca[e]) - d->fb[e] * packed_base (d->b[e], p->cb[e]);
  return sum;
}

static inline gboolean
inside (const PlanOption *o,
        double            c)
{
  return c > o->floor && c < o->cap;
}

/* The least D can be between the volumes of @pu and @pw (see above). */
static double
diff_least (const Diff  *d,
            const Point *pu,
            const Point *pw)
{
  double sum = d->konst + MIN (d->fixed / pu->v, d->fixed / pw->v);

  for (guint e = 0; e < d->n; e++)
    {
      const PlanOption *a = d->a[e], *b = d->b[e];
      double au = d->fa[e] * packed_base (a, pu->ca[e]), aw = d->fa[e] * packed_base (a, pw->ca[e]);
      double bu = d->fb[e] * packed_base (b, pu->cb[e]), bw = d->fb[e] * packed_base (b, pw->cb[e]);

      if (isnan (a->base) && isnan (b->base) && a->exponent == b->exponent &&
          inside (a, pu->ca[e]) && inside (a, pw->ca[e]) &&
          inside (b, pu->cb[e]) && inside (b, pw->cb[e]))
        sum += MIN (au - bu, aw - bw);
      else
        sum += aw - bu;
    }
  return sum;
}

/* A volume in (@u, @w) where S beats X: D below -@margin, or where the
 * tie rule gives S a tie (@favoured) an exact tie (TIE_SHARE), or 0.
 * @cu, @cw: every option's curve at @u and @w, or NULL. */
static double
band_search (const Diff   *d,
             double        u,
             double        w,
             const double *cu,
             const double *cw,
             double        margin,
             gboolean      favoured)
{
  double tie = TIE_SHARE * margin, edge = favoured ? tie : -margin, dm;
  Point points[BAND_BUDGET + 2];
  Part open[BAND_OPEN];
  guint n_points = 2, n_open = 1;

  if (cu != NULL)
    point_from (d, u, cu, &points[0]);
  else
    point_at (d, u, &points[0]);
  if (cw != NULL)
    point_from (d, w, cw, &points[1]);
  else
    point_at (d, w, &points[1]);
  open[0].u = 0;
  open[0].w = 1;
  open[0].bound = diff_least (d, &points[0], &points[1]);
  if (!(open[0].bound <= edge))
    return 0;
  while (n_open > 0 && n_points < G_N_ELEMENTS (points))
    {
      guint best = 0, m = n_points;
      Part part;
      double pu, pw, mid;

      for (guint e = 1; e < n_open; e++)
        if (open[e].bound < open[best].bound)
          best = e;
      part = open[best];
      open[best] = open[--n_open];
      pu = points[part.u].v;
      pw = points[part.w].v;
      mid = sqrt (pu * pw);
      if (!(mid > pu && mid < pw) || pw / pu - 1 <= STRATA_VOLUME_PRECISION)
        continue;
      point_at (d, mid, &points[n_points++]);
      dm = diff_at (d, &points[m]);
      if (dm < -margin || (favoured && fabs (dm) <= tie))
        return mid;
      for (int h = 0; h < 2 && n_open < BAND_OPEN; h++)
        {
          Part child = { h ? m : part.u, h ? part.w : m, 0 };

          child.bound = diff_least (d, &points[child.u], &points[child.w]);
          if (child.bound <= edge)
            open[n_open++] = child;
        }
    }
  return 0;
}

/* Whether the tie rule (MODEL.md 5) gives a tie of strategies @s and @x
 * to @s: fewer integrated layers, then smaller options, layer by layer
 * from the bottom (strata-optimizer.c). */
static gboolean
strategy_favoured (const LadderTiny *t,
                   const Plan       *plan,
                   guint             s,
                   guint             x)
{
  const PlanOption *packed = plan_packed (plan);
  const guint *os = t->option + (gsize) s * t->n_layers, *ox = t->option + (gsize) x * t->n_layers;
  int n_s = 0, n_x = 0;

  for (guint i = 0; i < t->n_layers; i++)
    {
      n_s += packed[os[i]].mode == STRATA_MODE_INTEGRATED;
      n_x += packed[ox[i]].mode == STRATA_MODE_INTEGRATED;
    }
  if (n_s != n_x)
    return n_s < n_x;
  for (guint i = 0; i < t->n_layers; i++)
    if (os[i] != ox[i])
      return os[i] < ox[i];
  return FALSE;
}

/* Strategy @s's variable costs, from each option's variable base @base. */
static double
strategy_variable (const LadderTiny *t,
                   guint             s,
                   const double     *base)
{
  const guint *option = t->option + (gsize) s * t->n_layers;
  const double *coef = t->coef + (gsize) s * t->n_layers;
  double sum = 0;

  for (guint i = 0; i < t->n_layers; i++)
    sum += coef[i] * base[option[i]];
  return sum;
}

/* The strategy of options @x (each layer's, within it): its index in
 * strata-ladder-tiny.c's list (layer 0's option turns fastest). */
static guint
strategy_of (const Plan  *plan,
             const guint *x)
{
  guint s = 0, stride = 1;

  for (guint i = 0; i < plan->n_layers; i++)
    {
      s += x[i] * stride;
      stride *= plan->opt_offset[i + 1] - plan->opt_offset[i];
    }
  return s;
}

/* @x turned by the flips of @cuts from @*c on at volume @v (each one's
 * to_option); *c moves past them. */
static void
turn_at (guint            *x,
         const StrataFlip *cuts,
         guint             n_cuts,
         guint            *c,
         double            v)
{
  for (; *c < n_cuts && cuts[*c].volume <= v; (*c)++)
    x[cuts[*c].layer] = cuts[*c].to_option;
}

/* D and its slope in ln V at @volume, for _strata_ladder_solve (): a
 * curve between its floor and cap grows as its exponent times itself, a
 * fixed cost over V falls as itself, the rest stays. */
static double
diff_gap (gconstpointer data,
          double        volume,
          double       *slope)
{
  const Diff *d = data;
  Point p;
  double ds = -d->fixed / volume;

  point_at (d, volume, &p);
  for (guint e = 0; e < d->n; e++)
    {
      if (isnan (d->a[e]->base) && inside (d->a[e], p.ca[e]))
        ds += d->fa[e] * d->a[e]->exponent * p.ca[e];
      if (isnan (d->b[e]->base) && inside (d->b[e], p.cb[e]))
        ds -= d->fb[e] * d->b[e]->exponent * p.cb[e];
    }
  *slope = ds;
  return diff_at (d, &p);
}

double
_strata_ladder_tiny_root (const LadderTiny *t,
                          const Plan       *plan,
                          const guint      *row_a,
                          const guint      *row_b,
                          double            lo,
                          double            hi)
{
  Diff d;
  double fx, fy, slope;

  if (t == NULL || plan_packed (plan) == NULL || plan->n_layers > TINY_MAX_LAYERS)
    return NAN;
  diff_init (&d, t, plan, strategy_of (plan, row_b), strategy_of (plan, row_a));
  fx = diff_gap (&d, lo, &slope);
  fy = diff_gap (&d, hi, &slope);
  if (!(fx > 0 && fy < 0))
    return NAN;
  /* The pair's solver (strata-ladder-pair.c): Newton in ln V kept inside
   * the bracket where D changes sign, halving it where Newton leaves;
   * close enough where D is below its mean slope over 1e-11 of ln V (a
   * guess only: the bisection asks a hair either side of it). */
  return _strata_ladder_solve (diff_gap, &d, 0, lo, hi, fx, fy,
                               1e-11 * (fx - fy) / log (hi / lo));
}

gboolean
_strata_ladder_tiny_no_band (const LadderTiny *t,
                             guint             q,
                             double            cost_lo,
                             double            margin)
{
  double lo;

  if (t == NULL || _strata_ladder_tiny_bands_disabled || !t->monotone || q == 0 ||
      !isfinite (t->low[q]))
    return FALSE;
  /* Over [lo, hi], a strategy S's costs but its fixed ones fall, so are
   * at least theirs at hi; the optimum X's are at most theirs at lo,
   * its cost there less F_X / lo; and (F_S - F_X) / V is at least its
   * least at an end: S - X is at least t->low[q] less that. */
  lo = t->volumes[q - 1];
  /* (Beyond the margin: a tie may go to S, MODEL.md 5.) */
  return isfinite (cost_lo) && t->low[q] - (cost_lo - t->fixed_x[q] / lo) > TIE_SHARE * margin;
}

gboolean
_strata_ladder_tiny_probes (const LadderTiny *t,
                            const Plan       *plan,
                            double            lo,
                            double            hi,
                            const guint      *ctx,
                            const StrataFlip *cuts,
                            guint             n_cuts,
                            double            margin,
                            double           *probes,
                            guint             max_probes,
                            guint            *n_found)
{
  guint x[TINY_MAX_LAYERS], n = plan->n_layers, c = 0, before = G_MAXUINT;
  double u = lo;
  /* Every option's learning curve at the part's ends. */
  double curves[2][TINY_MAX_WORK + TINY_MAX_LAYERS];
  double *cu = curves[0], *cw = curves[1];
  /* Their variable bases there. */
  double bu[TINY_MAX_WORK + TINY_MAX_LAYERS], bw[TINY_MAX_WORK + TINY_MAX_LAYERS];
  const PlanOption *packed = plan_packed (plan);

  *n_found = 0;
  if (t == NULL || _strata_ladder_tiny_bands_disabled || !t->monotone || packed == NULL ||
      n > TINY_MAX_LAYERS || plan->n_options > G_N_ELEMENTS (curves[0]))
    return FALSE;
  for (guint i = 0; i < n; i++)
    x[i] = ctx[i];
  for (guint o = 0; o < plan->n_options; o++)
    cu[o] = plan_memo_curve (plan, &packed[o], o, u);
  while (u < hi && *n_found < max_probes)
    {
      guint sx, after = G_MAXUINT;
      double var_x, w = c < n_cuts ? MIN (cuts[c].volume, hi) : hi;

      sx = strategy_of (plan, x);
      for (guint o = 0; o < plan->n_options; o++)
        cw[o] = plan_memo_curve (plan, &packed[o], o, w);
      if (w < hi)
        {
          guint y[TINY_MAX_LAYERS], c2 = c;

          for (guint i = 0; i < n; i++)
            y[i] = x[i];
          turn_at (y, cuts, n_cuts, &c2, w);
          after = strategy_of (plan, y);
        }
      for (guint o = 0; o < plan->n_options; o++)
        {
          bu[o] = packed_base (&packed[o], cu[o]);
          bw[o] = packed_base (&packed[o], cw[o]);
        }
      var_x = strategy_variable (t, sx, bu);
      for (guint s = 0; s < t->n_strategies && *n_found < max_probes && w > u; s++)
        {
          Diff d;
          double a = s == before ? u * (1 + OWN_GAP) : u;
          double b = s == after ? w / (1 + OWN_GAP) : w;
          double df = t->fixed_sum[s] - t->fixed_sum[sx], v, least;
          gboolean favoured;

          if (s == sx || !(b > a))
            continue;
          /* Most strategies are dearer by far: the bound of the two
           * strategies as wholes (each variable cost falls) first; within
           * the margin, the tie rule says. */
          least = t->konst[s] - t->konst[sx] + MIN (df / u, df / w) +
                  strategy_variable (t, s, bw) - var_x;
          if (least > TIE_SHARE * margin)
            continue;
          favoured = strategy_favoured (t, plan, s, sx);
          if (least > -margin && !favoured)
            continue;
          diff_init (&d, t, plan, s, sx);
          v = band_search (&d, a, b, a == u ? cu : NULL, b == w ? cw : NULL, margin, favoured);
          if (v > 0)
            probes[(*n_found)++] = v;
        }
      before = sx;
      turn_at (x, cuts, n_cuts, &c, w);
      u = w;
      cu = cw;
      cw = cu == curves[0] ? curves[1] : curves[0];
    }
  return TRUE;
}
