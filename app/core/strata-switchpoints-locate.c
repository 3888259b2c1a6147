/* strata-switchpoints-locate.c: the grid points of a walk where the
 * decision changes, and a switch between two of them to the bisection's
 * bits, in a few optima (MODEL.md section 6)
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-uncertainty"

#include "config.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include "strata-numeric-private.h"
#include "strata-switchpoints-private.h"

/*
 * A walk narrows a switch between two grid points by bisection in log
 * value (strata-switchpoints.c): about 25 decisions, each a whole optimum
 * when the decision is the optimal choice.  Where no decision comes back
 * once left (switches_at_most_once ()), the decisions along the way are
 * known from far fewer: every value between the near end and one with
 * the near end's decision has it too, and no value beyond one without it
 * has it.  So:
 *
 * - a prediction of the switch is the root, in log value, of the cost
 *   difference of the two decisions at the ends (the strategies the
 *   optimum chose there, or A and B), by the Illinois method on the
 *   exact costs: two strategies' costs a step, not optima;
 * - run through the bisection's own arithmetic, the prediction says in
 *   which last bracket the bisection would end; only that bracket's two
 *   ends are decided.  When they confirm it, so does every step before,
 *   each mid lying on the near side of its lower end or beyond its upper
 *   one; a miss moves the prediction just past the end that failed, four
 *   times farther at each miss, and after a few misses the bisection
 *   runs as before, asking only the mids nothing known decides.
 *
 * Either way the bisection's own path is followed, so the bracket, the
 * switch and the decision after it are the same doubles as the plain
 * bisection's wherever decisions do not come back (which the walk's grid
 * relies on already).  Within a tie's rounding (two strategies 1e-12 of
 * their cost apart, the optimum's tie rules then alternating between
 * them over a stretch of about 1e-9) the two may place the switch at
 * different points of that stretch: seen once in 144 runs of the samples
 * and generated stacks, 1.4e-9 apart, both within the 1e-9 MODEL.md asks.
 */

#define ILLINOIS_STEPS 60
/* How far, in log value, a switch may move to the exact crossing. */
#define RAW_REACH 1e-3
#define PREDICTION_TRIES 4

typedef struct
{
  Finder       *finder;
  guint         field;
  double        dir;         /* +1 when the walk goes up, -1 down */
  const guint  *d_near;
  double        known_same;  /* farthest value known to have d_near */
  double        known_other; /* nearest value known not to have it */
  guint        *d_other;     /* the decision at known_other */
  guint        *d_try;       /* scratch */
  guint         n;
} Locator;

/* Whether @x lies on the near side of @y (or is @y). */
static inline gboolean
not_beyond (const Locator *loc,
            double         x,
            double         y)
{
  return (x - y) * loc->dir <= 0;
}

/* Whether the decision at @x is d_near; decides only when nothing known
 * tells.  With @d_out, the decision at @x when it is not d_near (decided
 * if need be). */
static gboolean
has_near (Locator *loc,
          double   x,
          guint   *d_out)
{
  Finder *finder = loc->finder;

  if (not_beyond (loc, x, loc->known_same))
    return TRUE;
  if (x == loc->known_other)
    {
      if (d_out != NULL)
        memcpy (d_out, loc->d_other, sizeof (guint) * loc->n);
      return FALSE;
    }
  if (!not_beyond (loc, x, loc->known_other) && d_out == NULL)
    return FALSE;
  _strata_switch_decide (finder, loc->field, x, loc->d_try);
  if (memcmp (loc->d_try, loc->d_near, sizeof (guint) * loc->n) == 0)
    {
      loc->known_same = x;
      return TRUE;
    }
  if (not_beyond (loc, x, loc->known_other))
    {
      loc->known_other = x;
      memcpy (loc->d_other, loc->d_try, sizeof (guint) * loc->n);
    }
  if (d_out != NULL)
    memcpy (d_out, loc->d_try, sizeof (guint) * loc->n);
  return FALSE;
}

/* The exact difference of two fixed choices' costs with @field at @x. */
static double
raw_difference (Finder      *finder,
                guint        field,
                const guint *a,
                const guint *b,
                double       x)
{
  double *slot = finder->slots[field];
  double keep = *slot, d;

  *slot = x;
  d = _strata_objective_unit_cost_difference (&finder->sample.copy, a, b, finder->points->objective,
                                              finder->points->volume);
  *slot = keep;
  return d;
}

/* Where the optimum leaves @a for @b, their cost difference (a's less
 * b's) is not 0 but the optimizer's tie tolerance, 1e-12 of the
 * strategies' magnitude (a thousand layers: a millionth of a layer's
 * cost): above it when the tie rules prefer a (fewer integrated layers,
 * then the earlier option in the first layer they differ in), below it
 * when they prefer b.  The magnitude is today's optimum's at today's
 * numbers (worked out once): a prediction, which the decisions confirm. */
static double
tie_offset (Finder      *finder,
            const guint *a,
            const guint *b)
{
  const StrataDataset *ds = &finder->sample.copy;
  int na = 0, nb = 0, prefer = 0;

  if (finder->today == NULL)
    return 0;
  if (!finder->have_today_mag)
    {
      finder->today_mag = _strata_objective_magnitude (ds, finder->today, finder->points->objective,
                                                       finder->points->volume);
      finder->have_today_mag = TRUE;
    }
  if (!isfinite (finder->today_mag))
    return 0;
  for (guint i = 0; i < ds->n_layers; i++)
    {
      na += ds->layers[i].options[a[i]].mode == STRATA_MODE_INTEGRATED;
      nb += ds->layers[i].options[b[i]].mode == STRATA_MODE_INTEGRATED;
      if (prefer == 0 && a[i] != b[i])
        prefer = a[i] < b[i] ? -1 : 1;
    }
  if (na != nb)
    prefer = na < nb ? -1 : 1;
  return -prefer * STRATA_TIE_TOLERANCE * finder->today_mag;
}

/* Where @ca's cost less @cb's, less @offset, changes sign as @field's
 * number goes from @near to @next (Illinois steps in log of the number,
 * to @precision), in *@root; FALSE without a change of sign. */
static gboolean
predict_root (Finder      *finder,
              guint        field,
              double       near,
              double       next,
              const guint *ca,
              const guint *cb,
              double       offset,
              double       precision,
              double      *root)
{
  double t0 = log (near), t1 = log (next), f0, f1;
  int side = 0;

  f0 = raw_difference (finder, field, ca, cb, near) - offset;
  f1 = raw_difference (finder, field, ca, cb, next) - offset;
  if (!isfinite (f0) || !isfinite (f1) || f0 == 0 || f1 == 0 || (f0 < 0) == (f1 < 0))
    return FALSE;
  precision = MAX (precision, 1e-15 * MAX (1.0, fabs (t0)));
  for (guint step = 0; step < ILLINOIS_STEPS && fabs (t1 - t0) > precision; step++)
    {
      double t = (t0 * f1 - t1 * f0) / (f1 - f0), f;

      if (!isfinite (t) || t == t0 || t == t1)
        break;
      f = raw_difference (finder, field, ca, cb, exp (t)) - offset;
      if (!isfinite (f))
        return FALSE;
      if (f == 0)
        {
          t0 = t1 = t;
          break;
        }
      if ((f < 0) == (f1 < 0))
        {
          t1 = t;
          f1 = f;
          if (side == 1)
            f0 /= 2;
          side = 1;
        }
      else
        {
          t0 = t;
          f0 = f;
          if (side == -1)
            f1 /= 2;
          side = -1;
        }
    }
  *root = exp ((t0 + t1) / 2);
  return isfinite (*root) && *root > 0;
}


gboolean
_strata_switch_predict (Finder      *finder,
                        guint        field,
                        double       near,
                        double       next,
                        const guint *d_near,
                        const guint *d_next,
                        double       precision,
                        double      *root)
{
  const StrataSwitchPoints *points = finder->points;
  guint n = finder->sample.copy.n_layers;
  g_autofree guint *own = NULL;
  const guint *ca, *cb;
  double offset = 0;

  /* savings_npv is no difference of two costs at one volume. */
  if (points->savings)
    return FALSE;
  if (points->a == NULL)
    {
      ca = d_near;
      cb = d_next;
    }
  else
    {
      ca = points->a->choices;
      cb = points->b->choices;
      if ((ca == NULL) != (cb == NULL))
        {
          /* A strategy against the optimum: the optimum as the strategy
           * it runs where it is the cheaper (the one that parts from the
           * fixed side), not an optimum at every step. */
          guint cheaper = (guint) (1 + (ca == NULL ? STRATA_SWITCH_A_CHEAPER : STRATA_SWITCH_B_CHEAPER));

          own = g_new (guint, MAX (n, 1));
          _strata_switch_optimum_at (finder, field, d_near[0] == cheaper ? near : next, own);
          if (ca == NULL)
            ca = own;
          else
            cb = own;
        }
      if (ca == NULL || cb == NULL)
        return FALSE;
    }
  if (points->a == NULL)
    offset = tie_offset (finder, ca, cb);
  return predict_root (finder, field, near, next, ca, cb, offset, precision, root);
}

/* The sign the exact difference (the first strategy's cost less the
 * second's) takes once the decision is @d: +1 when the second is cheaper
 * (the optimum's later decision, or B), -1 when the first is; for
 * "the same cost" after @d_before, the sign of moving away from it. */
static int
after_sign (const StrataSwitchPoints *points,
            const guint              *d,
            const guint              *d_before)
{
  if (points->a == NULL)
    return 1;
  switch ((StrataSwitchCheaper) ((int) d[0] - 1))
    {
    case STRATA_SWITCH_A_CHEAPER:
      return -1;
    case STRATA_SWITCH_B_CHEAPER:
      return 1;
    case STRATA_SWITCH_EQUAL:
    default:
      return (StrataSwitchCheaper) ((int) d_before[0] - 1) == STRATA_SWITCH_A_CHEAPER ? 1 : -1;
    }
}

static inline int
sign_of (double d)
{
  return d > 0 ? 1 : d < 0 ? -1 : 0;
}

/* A pair's optimal side around [lo, hi] as one fixed strategy, into
 * @out: the optimum at @lo, when the one at @hi is not cheaper by the
 * exact difference (a change the tie tolerance made, or none).  FALSE
 * when the optimum itself truly changes there. */
static gboolean
optimal_side (Finder *finder,
              guint   field,
              double  lo,
              double  hi,
              guint  *out,
              guint  *scratch)
{
  _strata_switch_optimum_at (finder, field, lo, out);
  _strata_switch_optimum_at (finder, field, hi, scratch);
  if (memcmp (out, scratch, sizeof (guint) * finder->sample.copy.n_layers) == 0)
    return TRUE;
  return raw_difference (finder, field, out, scratch, hi) <= 0;
}

StrataRawSwitch
_strata_switch_raw_root (Finder      *finder,
                         guint        field,
                         double       today,
                         double       lo,
                         double       hi,
                         double       end,
                         const guint *d_lo,
                         const guint *d_hi,
                         double      *root)
{
  const StrataSwitchPoints *points = finder->points;
  guint n = MAX (finder->sample.copy.n_layers, 1);
  g_autofree guint *own = NULL;
  const guint *ca, *cb;
  double dir = hi > lo ? 1 : -1, step, t_in, t_out;
  double t_lo = log (lo), t_hi = log (hi), t_end = log (end), t_today = log (today);
  int sigma, s_lo, s_hi;
  gboolean ahead;

  if (points->savings || finder->slots[field] == NULL)
    return STRATA_RAW_KEEP;
  if (!(lo > 0 && hi > 0 && end > 0 && today > 0))
    return STRATA_RAW_KEEP;
  if (points->a == NULL)
    ca = d_lo, cb = d_hi;
  else if (points->a->choices != NULL && points->b->choices != NULL)
    ca = points->a->choices, cb = points->b->choices;
  else if ((points->a->choices == NULL) != (points->b->choices == NULL))
    {
      /* A strategy against the optimum: the optimum as the strategy it
       * runs there (two optima a switch, only for these pairs). */
      own = g_new (guint, 3 * n);
      if (!optimal_side (finder, field, lo, hi, own, own + n))
        return STRATA_RAW_KEEP;
      ca = points->a->choices != NULL ? points->a->choices : own;
      cb = points->b->choices != NULL ? points->b->choices : own;
    }
  else
    return STRATA_RAW_KEEP;

  /* At today's value and the walk's end, the values themselves: exp (log
   * (x)) is not always x (412841955.40276307 comes back an ulp higher),
   * and an exact tie at today's value (two options alike, today's
   * decision the tie rule's) must read as one. */
#define RAW_VALUE(t) ((t) == t_today ? today : (t) == t_end ? end : exp (t))
#define RAW_SIGN(t) sign_of (raw_difference (finder, field, ca, cb, RAW_VALUE (t)))
  sigma = after_sign (points, d_hi, d_lo);
  s_lo = RAW_SIGN (t_lo);
  s_hi = RAW_SIGN (t_hi);
  /* Exactly equal (the same parts, a real tie) or a crossing inside. */
  if (s_lo == 0 || s_hi == 0 || s_lo != s_hi)
    return STRATA_RAW_KEEP;

  /* Past the crossing already at lo (the tie rule kept the decision
   * before it): behind; else ahead.  Steps four times longer each time
   * from the bracket's width, up to today's value or the walk's end. */
  ahead = s_lo != sigma;
  step = MAX (fabs (t_hi - t_lo), 4 * DBL_EPSILON * MAX (1.0, fabs (t_lo)));
  t_in = ahead ? t_hi : t_lo;
  for (;;)
    {
      double limit = ahead ? t_end : t_today;
      double t = t_in + (ahead ? dir : -dir) * step;
      int s;

      if ((t - limit) * (ahead ? dir : -dir) >= 0)
        t = limit;
      s = RAW_SIGN (t);
      if (ahead ? s == sigma || s == 0 : s != sigma)
        {
          t_out = t;
          break;
        }
      if (t == limit && !ahead)
        return STRATA_RAW_KEEP;
      if (t == limit)
        {
          /* The optimal side must still run that strategy at the end
           * (or one no cheaper): else the walk goes on as it was. */
          if (own != NULL)
            {
              _strata_switch_optimum_at (finder, field, end, own + 2 * n);
              if (memcmp (own, own + 2 * n, sizeof (guint) * finder->sample.copy.n_layers) != 0 &&
                  raw_difference (finder, field, own, own + 2 * n, end) > 0)
                return STRATA_RAW_KEEP;
            }
          return STRATA_RAW_NEVER;
        }
      t_in = t;
      step *= 4;
    }

  /* A crossing far from where the decision changed is not the tie
   * tolerance's doing (that moves a switch by 1e-6 where a shared cost is
   * a million times the deciding parts): the bisection's bracket stays. */
  if (fabs (t_out - (ahead ? t_hi : t_lo)) > RAW_REACH)
    return STRATA_RAW_KEEP;

  /* Bisection in log value between t_in (the sign before the crossing
   * when ahead, after it when behind) and t_out, to the doubles. */
  for (guint it = 0; it < 200; it++)
    {
      double t = (t_in + t_out) / 2;
      int s;

      if (t == t_in || t == t_out)
        break;
      s = RAW_SIGN (t);
      if (ahead ? (s == sigma || s == 0) : s != sigma)
        t_out = t;
      else
        t_in = t;
    }
#undef RAW_SIGN
#undef RAW_VALUE
  *root = exp ((t_in + t_out) / 2);
  return isfinite (*root) && *root > 0 ? STRATA_RAW_MOVED : STRATA_RAW_KEEP;
}

void
_strata_switch_bisect (double         *lo,
                       double         *hi,
                       StrataNearSide  near_side,
                       gpointer        data,
                       StrataJob      *job)
{
  while (fabs (*hi / *lo - 1.0) > STRATA_VOLUME_PRECISION / 2 && !job_cancelled (job))
    {
      double mid = copysign (sqrt (*lo * *hi), *lo);

      if (mid == *lo || mid == *hi)
        break;
      if (near_side (mid, data))
        *lo = mid;
      else
        *hi = mid;
    }
}

/* The bisection's answer if the switch were at a predicted value. */
typedef struct
{
  const Locator *loc;
  double         x;
} Prediction;

static gboolean
predicted_near (double   mid,
                gpointer data)
{
  const Prediction *p = data;

  return not_beyond (p->loc, mid, p->x) && mid != p->x;
}

/* Its answer from what is known, deciding only what nothing known
 * settles. */
static gboolean
known_near (double   mid,
            gpointer data)
{
  return has_near (data, mid, NULL);
}

void
_strata_switch_locate (Finder      *finder,
                       guint        field,
                       double       near,
                       double       next,
                       const guint *d_near,
                       const guint *d_next,
                       double      *lo_out,
                       double      *hi_out,
                       guint       *d_after)
{
  guint n = finder->n_dec;
  g_autofree guint *d_other = g_memdup2 (d_next, sizeof (guint) * n);
  g_autofree guint *d_try = g_new (guint, n);
  Locator loc = { finder, field, next > near ? 1.0 : -1.0, d_near,
                  near, next, d_other, d_try, n };
  double lo = near, hi = next, x;

  if (near > 0 && next > 0 &&
      _strata_switch_predict (finder, field, near, next, d_near, d_next, 0, &x))
    {
      double step = 0;

      for (guint tries = 0; tries < PREDICTION_TRIES && !job_cancelled (finder->job); tries++)
        {
          double pl = near, ph = next;
          Prediction prediction = { &loc, x };

          _strata_switch_bisect (&pl, &ph, predicted_near, &prediction, NULL);
          if (!has_near (&loc, pl, NULL))
            {
              /* The switch lies before pl. */
              step = step == 0 ? fabs (ph - pl) : step * 4;
              x = pl - loc.dir * step;
            }
          else if (has_near (&loc, ph, NULL))
            {
              step = step == 0 ? fabs (ph - pl) : step * 4;
              x = ph + loc.dir * step;
            }
          else
            break;   /* confirmed: the plain bisection below asks nothing */
          if (finder->points->a == NULL && loc.known_other != next &&
              loc.known_same > 0 && loc.known_other > 0 &&
              _strata_switch_predict (finder, field, loc.known_same, loc.known_other, d_near,
                                      loc.d_other, 0, &x))
            {
              /* The optimum's: another decision than the one at next
               * comes first (a third strategy between the two): where
               * d_near and it cross.  (Not a pair's: "the same cost"
               * can come back within rounding, where a fixed side runs
               * the optimum's choices.) */
              step = 0;
            }
          else if (!not_beyond (&loc, loc.known_same, x) || not_beyond (&loc, loc.known_other, x))
            x = copysign (sqrt (loc.known_same * loc.known_other), near);
        }
    }

  /* The bisection's own path; each mid asked only when nothing known
   * decides it. */
  _strata_switch_bisect (&lo, &hi, known_near, &loc, finder->job);
  if (hi == next)
    memcpy (d_after, d_next, sizeof (guint) * n);
  else
    has_near (&loc, hi, d_after);
  *lo_out = lo;
  *hi_out = hi;
}

/* ------------------------------------------------------------------ */

static inline gboolean
same_decision (const Finder *finder,
               const guint  *x,
               const guint  *y)
{
  return memcmp (x, y, sizeof (guint) * finder->n_dec) == 0;
}

/* A walk's grid and what fill () knows of it: each grid point's
 * decision in d (row k), changed[k] where it differs from the one
 * before. */
typedef struct _Grid Grid;

/* How one kind of walk fills its grid (fill ()): whether every point of
 * [i, j] has the same decision, told from the two ends; whether two
 * points' decisions are alike (a prediction confirmed); a point's
 * decision; the cell a prediction gives in [i, j], or G_MAXUINT. */
typedef struct
{
  gboolean (*same)      (Grid *g, guint i, guint j);
  gboolean (*alike)     (Grid *g, guint a, guint b);
  void     (*decide)    (Grid *g, guint k);
  guint    (*predicted) (Grid *g, guint i, guint j);
} GridKind;

struct _Grid
{
  const GridKind *kind;
  Finder         *finder;
  guint           field;
  double          value, log_span, end;
  guint          *d;
  gboolean       *changed;
  guint           misses;   /* predictions the decisions did not confirm */
};

/* Predictions tried on a walk's grid until this many missed. */
#define GRID_PREDICTION_MISSES 2

/* Whether a prediction is worth asking between grid points @i and @j
 * (values *@gi and *@gj): four steps apart at least, not too many missed. */
static gboolean
grid_may_predict (const Grid *g,
                  guint       i,
                  guint       j,
                  double     *gi,
                  double     *gj)
{
  *gi = _strata_switch_grid_point (g->value, g->log_span, g->end, i);
  *gj = _strata_switch_grid_point (g->value, g->log_span, g->end, j);
  return j - i >= 4 && g->misses < GRID_PREDICTION_MISSES && *gi > 0 && *gj > 0;
}

/* The grid interval [p, p + 1] within [@i, @j] that holds @x, or
 * G_MAXUINT. */
static guint
grid_cell (const Grid *g,
           guint       i,
           guint       j,
           double      x)
{
  double k = floor (log (x / g->value) / g->log_span * GRID_STEPS);

  if (!isfinite (k))
    return G_MAXUINT;
  return (guint) CLAMP (k, (double) i, (double) (j - 1));
}

/* The grid interval [p, p + 1] within [@i, @j] where the switch between
 * their decisions is predicted (_strata_switch_predict ()), or G_MAXUINT
 * when there is no prediction, or halving would ask as few. */
static guint
grid_predicted (Grid  *g,
                guint  i,
                guint  j)
{
  guint n = g->finder->n_dec;
  double gi, gj, x;

  if (!grid_may_predict (g, i, j, &gi, &gj) ||
      !_strata_switch_predict (g->finder, g->field, gi, gj, g->d + i * n, g->d + j * n,
                               fabs (g->log_span) / GRID_STEPS / 8, &x))
    return G_MAXUINT;
  return grid_cell (g, i, j, x);
}

/* The grid points of [@i, @j] whose decision differs from the one
 * before, each with its decision in row k and changed[k] set; the rows
 * of @i and @j are known.  Where the kind says [i, j] is the same
 * throughout, nothing between is asked.  The points found do not depend
 * on which are asked, only how many are: first the two around the change
 * the kind predicts (two decisions where halving 48 steps takes about
 * six), then halving where that leaves decisions that differ. */
static void
fill (Grid  *g,
      guint  i,
      guint  j)
{
  guint m = (i + j) / 2, p;

  if (j <= i || g->kind->same (g, i, j) || job_cancelled (g->finder->job))
    return;
  if (j == i + 1)
    {
      g->changed[j] = TRUE;
      return;
    }
  p = g->kind->predicted (g, i, j);
  if (p != G_MAXUINT)
    {
      if (p > i)
        g->kind->decide (g, p);
      if (p + 1 < j)
        g->kind->decide (g, p + 1);
      if (!g->kind->alike (g, i, p) || g->kind->alike (g, i, p + 1))
        g->misses++;
      fill (g, i, p);
      fill (g, p, p + 1);
      fill (g, p + 1, j);
      return;
    }
  g->kind->decide (g, m);
  fill (g, i, m);
  fill (g, m, j);
}

/* Where no decision comes back once left (switches_at_most_once ()),
 * equal decisions at two grid points mean the same decision at every
 * point between. */
static gboolean
grid_alike (Grid  *g,
            guint  a,
            guint  b)
{
  guint n = g->finder->n_dec;

  return same_decision (g->finder, g->d + a * n, g->d + b * n);
}

static void
grid_decide (Grid  *g,
             guint  k)
{
  _strata_switch_decide (g->finder, g->field, _strata_switch_grid_point (g->value, g->log_span, g->end, k),
                         g->d + k * g->finder->n_dec);
}

static const GridKind grid_once = { grid_alike, grid_alike, grid_decide, grid_predicted };


/* ------------------------------------------------------------------ */

gboolean
_strata_switch_pieces (Finder *finder,
                       guint   field)
{
  const StrataSwitchPoints *points = finder->points;
  const StrataSwitchField *f = &g_array_index (points->fields, StrataSwitchField, field);

  return points->savings && points->a->choices == NULL && points->b->choices != NULL &&
         f->kind == STRATA_SWITCH_FIELD_OPTION && finder->slots[field] != NULL &&
         _strata_switch_d0 (finder) != NULL;
}

typedef struct
{
  Grid      grid;
  guint    *adopted;   /* (GRID_STEPS + 1) x n_layers: the first year's optimum */
  gboolean  concave;   /* a learning rate of an option the start does not run,
                        * the start's NPV positive */
} Pieces;

/* Whether savings_npv of adopting @s moves one way with the field's
 * number, or not at all (neither @s nor the start runs its option). */
static gboolean
piece_flat (const Pieces *pc,
            const guint  *s)
{
  const Finder *finder = pc->grid.finder;
  const StrataSwitchField *f = &g_array_index (finder->points->fields, StrataSwitchField, pc->grid.field);
  const guint *start = finder->points->b->choices;

  if (s[f->layer] != f->option && start[f->layer] != f->option)
    return TRUE;
  return _strata_switch_savings_monotone (s, start, &finder->sample.copy, f);
}

/* The first year's optimum at grid point @k (its row of adopted). */
static inline guint *
piece_row (const Grid *g,
           guint       k)
{
  return ((const Pieces *) g)->adopted + (gsize) k * g->finder->sample.copy.n_layers;
}

/* Whether the first year's optima at grid points @a and @b are one (a
 * prediction of where it changes confirmed). */
static gboolean
pieces_alike (Grid  *g,
              guint  a,
              guint  b)
{
  return memcmp (piece_row (g, a), piece_row (g, b), sizeof (guint) * g->finder->sample.copy.n_layers) == 0;
}

/* The same decision at grid points @i and @j, and so at every point
 * between: their first year's optimum is one S (and so is every point's
 * between, each strategy's cost at that volume being a line in the
 * option's, whose least holds a strategy over one stretch at most), and
 * the savings of adopting S move one way with the number (or do not
 * move), so the same sign at both ends is that sign all the way. */
static gboolean
piece_same (Grid  *g,
            guint  i,
            guint  j)
{
  const Pieces *pc = (const Pieces *) g;
  const guint *si = piece_row (g, i);
  const StrataSwitchField *f = &g_array_index (g->finder->points->fields, StrataSwitchField, g->field);

  if (g->d[i] != g->d[j] || !pieces_alike (g, i, j))
    return FALSE;
  /* A learning rate of the option S runs: positive at both ends is
   * positive between (_strata_switch_savings_unimodal ()). */
  return piece_flat (pc, si) ||
         (pc->concave && si[f->layer] == f->option &&
          pc->grid.d[i] == (guint) (1 + STRATA_SWITCH_A_CHEAPER));
}

/* The grid interval [p, p + 1] within [@i, @j] where the first year's
 * optimum at @i, S_i, and the one at @j cost the same (at that volume,
 * as the number moves), or G_MAXUINT: where S_i leaves off, as a guess. */
static guint
pieces_predicted (Grid  *g,
                  guint  i,
                  guint  j)
{
  double gi, gj, x;

  if (pieces_alike (g, i, j) || !grid_may_predict (g, i, j, &gi, &gj) ||
      !predict_root (g->finder, g->field, gi, gj, piece_row (g, i), piece_row (g, j), 0, fabs (g->log_span) / GRID_STEPS / 8, &x))
    return G_MAXUINT;
  return grid_cell (g, i, j, x);
}

/* Grid point @k's decision and first year's optimum. */
static void
pieces_decide (Grid  *g,
               guint  k)
{
  grid_decide (g, k);
  memcpy (piece_row (g, k), g->finder->adopted, sizeof (guint) * g->finder->sample.copy.n_layers);
}


/* By pieces (piece_same ()): first the two grid points around where the
 * two ends' first year's optima cost the same (most walks change it
 * once), then halving. */
static const GridKind grid_pieces = { piece_same, pieces_alike, pieces_decide, pieces_predicted };

void
_strata_switch_grid_fill (Finder   *finder,
                          guint     field,
                          double    value,
                          double    log_span,
                          double    end,
                          guint    *d,
                          gboolean *changed,
                          gboolean  pieces)
{
  guint n = finder->sample.copy.n_layers;
  g_autofree guint *adopted = NULL;
  const StrataSwitchField *f = &g_array_index (finder->points->fields, StrataSwitchField, field);
  Pieces pc = { { pieces ? &grid_pieces : &grid_once, finder, field, value, log_span, end, d, changed, 0 },
                NULL, FALSE };

  if (!pieces)
    {
      fill (&pc.grid, 0, GRID_STEPS);
      return;
    }
  g_return_if_fail (finder->n_dec == 1 && finder->adopted != NULL);
  pc.adopted = adopted = g_new (guint, (gsize) (GRID_STEPS + 1) * MAX (n, 1));
  pc.concave = g_str_equal (f->field, "learning_rate") &&
               finder->points->b->choices[f->layer] != f->option &&
               _strata_switch_start_npv (finder) > 0;

  /* Today's first year's optimum is T; the end's, the last decision's. */
  memcpy (adopted, _strata_switch_d0 (finder), sizeof (guint) * n);
  memcpy (adopted + (gsize) GRID_STEPS * n, finder->adopted, sizeof (guint) * n);
  fill (&pc.grid, 0, GRID_STEPS);
}
