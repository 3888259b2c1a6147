/* strata-ladder.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-model"

#include "config.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "strata/strata-model.h"

#include "strata-ladder-private.h"
#include "strata-optimizer-private.h"

/*
 * The integration ladder (MODEL.md section 5).
 */

/* ------------------------------------------------------------------ */
/* Section 5: the integration ladder                                    */
/* ------------------------------------------------------------------ */

static int
compare_flips (gconstpointer a,
               gconstpointer b)
{
  const StrataFlip *x = a, *y = b;

  if (x->volume != y->volume)
    return x->volume < y->volume ? -1 : 1;
  return x->layer < y->layer ? -1 : x->layer > y->layer ? 1 : 0;
}
/* How often the certificate decided a step (tests and benchmarks). */
StrataLadderStats _strata_ladder_stats;
G_LOCK_DEFINE_STATIC (stats);

/* Layer @layer's option in the exact optimum at @volume. */
static guint
full_choice (Locator *loc,
             guint    layer,
             double   volume)
{
  loc->stats->full_steps++;
  _strata_plan_optimize_hinted (loc->plan, volume, loc->scratch, NULL);
  g_array_append_val (loc->known_volumes, volume);
  g_array_append_vals (loc->known_rows, loc->scratch, loc->plan->n_layers);
  return loc->scratch[layer];
}

/* Layer @layer's option in the optimum at @volume: by the certificate
 * when @certify and it decides, else by a full optimum. */
static guint
step_choice (Locator  *loc,
             gboolean  certify,
             guint     layer,
             double    volume,
             double    a,
             double    b)
{
  if (certify)
    {
      int why = 0;
      guint k = _strata_ladder_certified_choice (loc, layer, volume, a, b, &why);

      if (k != G_MAXUINT)
        {
          loc->stats->certified_steps++;
          return k;
        }
      if (why == 1)
        loc->stats->undecided_neighbour++;
      else if (why == 2)
        loc->stats->undecided_tie++;
    }
  return full_choice (loc, layer, volume);
}

/* The locator of one flip (issue 15, MODEL.md sections 5 and 6: a flip
 * is located to a relative precision of 1e-9).  It keeps a bracket
 * [a, b] whose ends have the exact optimum's answer, layer i runs @from
 * at a and not at b, as the bisection did; only the volumes it asks at
 * differ.  A prediction of the change point, the root of the cost
 * difference of the two sides (root_solve ()), is asked just below and
 * just above (ROOT_STEP): two answers then close the bracket to
 * STRATA_VOLUME_PRECISION / 2.  Where one of them says the prediction
 * missed, the probes gallop from the bracket's end (4 times farther each
 * time), then bisect; with no prediction, they bisect. */
#define ROOT_STEP 1.25e-10
#define ROOT_WINDOW 1e-5 /* the certificate's brackets */

/* One term of a predicted cost difference: layer @layer runs @ka with
 * co-design factor @fa on the bracket's low side, @kb with @fb on its
 * high side. */
typedef struct _RootTerm
{
  guint  layer, ka, kb;
  double fa, fb;
} RootTerm;

typedef struct
{
  RootTerm *terms;
  guint     n_terms;
  double    constant;  /* the interfaces' difference, high side less low */
  double    target;    /* the difference at which the optimum changes */
} RootFn;

static inline double
option_cost (const Plan *plan,
             guint       i,
             guint       k,
             double      factor,
             double      volume,
             double     *mag)
{
  const StrataOption *option = &plan->dataset->layers[i].options[k];
  double var = plan_variable_base (plan, i, k, volume) * factor;
  double fixed = option->fixed_cost.value / volume;
  double eco = plan->objective == STRATA_OBJECTIVE_CASH ? 0.0 : option->ecosystem_value.value;

  if (mag != NULL)
    *mag += fabs (var) + fabs (fixed) + fabs (eco);
  return var + fixed - eco;
}

/* The high side's cost less the low side's, less the target. */
static double
root_eval (const Plan   *plan,
           const RootFn *fn,
           double        volume)
{
  double d = fn->constant - fn->target;

  for (guint t = 0; t < fn->n_terms; t++)
    {
      const RootTerm *r = &fn->terms[t];

      d += option_cost (plan, r->layer, r->kb, r->fb, volume, NULL) -
           option_cost (plan, r->layer, r->ka, r->fa, volume, NULL);
    }
  return d;
}

/* The root of @fn in (a, b) (Illinois in log V), or NAN when its signs
 * at the ends do not say there is one. */
static double
root_solve (const Plan   *plan,
            const RootFn *fn,
            double        a,
            double        b)
{
  double fa = root_eval (plan, fn, a), fb = root_eval (plan, fn, b);
  double xa = log (a), xb = log (b);
  int side = 0;

  if (!(fa > 0 && fb < 0))
    return NAN;
  for (int it = 0; it < 64 && xb - xa > 1e-13 * MAX (1.0, fabs (xa)); it++)
    {
      double x = (xa * fb - xb * fa) / (fb - fa), f;

      if (!(x > xa && x < xb))
        x = 0.5 * (xa + xb);
      f = root_eval (plan, fn, exp (x));
      if (f > 0)
        {
          xa = x;
          fa = f;
          if (side > 0)
            fb *= 0.5;
          side = 1;
        }
      else if (f < 0)
        {
          xb = x;
          fb = f;
          if (side < 0)
            fa *= 0.5;
          side = -1;
        }
      else
        return exp (x);
    }
  return exp (0.5 * (xa + xb));
}

static inline int
row_mode (const Plan  *plan,
          const guint *row,
          guint        j)
{
  return plan->dataset->layers[j].options[row[j]].mode;
}

/* The co-design factor of layer @j in strategy @row. */
static double
row_factor (const Plan  *plan,
            const guint *row,
            guint        j)
{
  int p = plan->linked_pos[j];
  double f = 1.0;

  if (p < 0 || row_mode (plan, row, j) != STRATA_MODE_INTEGRATED)
    return 1.0;
  for (guint q = plan->in_start[p]; q < plan->in_start[p + 1]; q++)
    {
      const PlanLink *link = &plan->links[plan->in_list[q]];

      if (row_mode (plan, row, plan->linked[link->from_pos]) == STRATA_MODE_INTEGRATED)
        f *= link->multiplier;
    }
  return f;
}

/* The tie tolerance's side: the optimum changes where the high side is
 * cheaper by the tolerance when the low side wins ties, and where it is
 * dearer by it when the high side does (fewer integrated layers, then
 * earlier options). */
static double
tie_target (int    int_a,
            int    int_b,
            gboolean a_earlier,
            double mag)
{
  gboolean a_wins = int_a != int_b ? int_a < int_b : a_earlier;

  return (a_wins ? -1 : 1) * STRATA_TIE_TOLERANCE * mag;
}

/* @fn: the whole strategies @row_a and @row_b apart (a layer a link
 * touches), at volume @v for the magnitude. */
static void
root_fn_rows (const Plan  *plan,
              RootFn      *fn,
              const guint *row_a,
              const guint *row_b,
              double       v)
{
  guint n = plan->n_layers;
  int int_a = 0, int_b = 0, first = -1;
  double mag_a = 0, mag_b = 0;

  fn->n_terms = 0;
  fn->constant = 0;
  for (guint j = 0; j < n; j++)
    {
      int ma = row_mode (plan, row_a, j), mb = row_mode (plan, row_b, j);
      double fa = row_factor (plan, row_a, j), fb = row_factor (plan, row_b, j);

      int_a += ma == STRATA_MODE_INTEGRATED;
      int_b += mb == STRATA_MODE_INTEGRATED;
      option_cost (plan, j, row_a[j], fa, v, &mag_a);
      option_cost (plan, j, row_b[j], fb, v, &mag_b);
      if (j + 1 < n)
        {
          double ia = ma == STRATA_MODE_INTEGRATED &&
                      row_mode (plan, row_a, j + 1) == STRATA_MODE_INTEGRATED ? 0 : plan->iface[j];
          double ib = mb == STRATA_MODE_INTEGRATED &&
                      row_mode (plan, row_b, j + 1) == STRATA_MODE_INTEGRATED ? 0 : plan->iface[j];

          fn->constant += ib - ia;
          mag_a += fabs (ia);
          mag_b += fabs (ib);
        }
      if (row_a[j] != row_b[j] || fa != fb)
        {
          RootTerm *t = &fn->terms[fn->n_terms++];

          if (first < 0 && row_a[j] != row_b[j])
            first = (int) j;
          t->layer = j;
          t->ka = row_a[j];
          t->kb = row_b[j];
          t->fa = fa;
          t->fb = fb;
        }
    }
  fn->target = tie_target (int_a, int_b, first >= 0 && row_a[first] < row_b[first],
                           MAX (mag_a, mag_b));
}

/* @fn: layer @i (no link touches it) runs @from on the low side and @to
 * on the high side, its neighbours the modes they run in @row; @mag is
 * an estimate of a strategy's magnitude (0: none). */
static void
root_fn_local (const Plan  *plan,
               RootFn      *fn,
               guint        i,
               guint        from,
               guint        to,
               const guint *row,
               double       mag)
{
  const StrataLayer *l = &plan->dataset->layers[i];
  int ma = l->options[from].mode, mb = l->options[to].mode;

  fn->n_terms = 1;
  fn->terms[0].layer = i;
  fn->terms[0].ka = from;
  fn->terms[0].kb = to;
  fn->terms[0].fa = fn->terms[0].fb = 1.0;
  fn->constant = 0;
  if (ma != mb)
    {
      int sign = mb == STRATA_MODE_INTEGRATED ? -1 : 1;

      if (i > 0 && row_mode (plan, row, i - 1) == STRATA_MODE_INTEGRATED)
        fn->constant += sign * plan->iface[i - 1];
      if (i + 1 < plan->n_layers && row_mode (plan, row, i + 1) == STRATA_MODE_INTEGRATED)
        fn->constant += sign * plan->iface[i];
    }
  fn->target = tie_target (ma == STRATA_MODE_INTEGRATED, mb == STRATA_MODE_INTEGRATED,
                           from < to, mag);
}

/* A prediction of where layer @layer stops running @from in (a, b). */
static double
predict (Locator  *loc,
         gboolean  certify,
         guint     layer,
         guint     from,
         guint     to,
         double    a,
         double    b)
{
  RootFn fn = { loc->terms, 0, 0, 0 };
  double r;

  if (!certify)
    {
      root_fn_rows (loc->plan, &fn, loc->row_a, loc->row_b, a);
      return root_solve (loc->plan, &fn, a, b);
    }
  root_fn_local (loc->plan, &fn, layer, from, to, loc->row_lo,
                 loc->interval.ok ? 0.5 * (loc->interval.sum_lo + loc->interval.sum_hi) : 0);
  r = root_solve (loc->plan, &fn, a, b);
  if (isnan (r) && loc->row_hi != loc->row_lo)
    {
      root_fn_local (loc->plan, &fn, layer, from, to, loc->row_hi,
                     loc->interval.ok ? 0.5 * (loc->interval.sum_lo + loc->interval.sum_hi) : 0);
      r = root_solve (loc->plan, &fn, a, b);
    }
  return r;
}

/* The bisection from [*a, *b] with the answers known at and below @x
 * (runs @from) and at and above @y (does not), and predicted between by
 * @r (below it: runs @from; NAN: no prediction).  Returns a volume in
 * (x, y) to ask at, or 0 when every answer the bisection needs is known:
 * then [*a, *b] is its last bracket.  With a prediction, the volumes
 * asked are the ends of the last bracket: once they confirm it, so does
 * every step before (each below the lower end or above the upper one),
 * the layer's option being the same all along either side. */
static double
bisection_needs (double *a,
                 double *b,
                 double  x,
                 double  y,
                 double  r)
{
  while (*b / *a - 1.0 > STRATA_VOLUME_PRECISION / 2)
    {
      double mid = sqrt (*a * *b);

      if (mid <= *a || mid >= *b)
        break;
      if (mid <= x)
        *a = mid;
      else if (mid >= y)
        *b = mid;
      else if (isnan (r))
        return mid;
      else if (mid < r)
        *a = mid;
      else
        *b = mid;
    }
  if (*a > x)
    return *a;
  if (*b < y)
    return *b;
  return 0;
}

/* Layer @layer's change from @from in [*a, *b], located as the
 * bisection does (bisection_needs ()) by asking at few of its volumes;
 * *above receives the option above it.  The prediction comes from the
 * cost difference of the two sides (predict ()), for a layer a link
 * touches from the full optima at the ends of the known bracket [x, y]
 * (row_a, row_b), again each time one of them changes.  When an answer
 * says the prediction missed, it moves to within a step of the end the
 * answer moved, the step 4 times longer at each miss on that side; a
 * miss on the other side too leaves bisection. */
static void
locate_change (Locator  *loc,
               gboolean  certify,
               guint     layer,
               guint     from,
               double    x,
               double    y,
               double   *a,
               double   *b,
               guint    *above)
{
  guint n = loc->plan->n_layers, probes = 0;
  double lo = *a, hi = *b;
  double r = predict (loc, certify, layer, from, *above, x, y), d = ROOT_STEP;
  int missed = 0;

  for (;;)
    {
      double mid, centre;
      gboolean was_certified = certify && loc->interval.ok, predicted;
      guint k, *side;

      *a = lo;
      *b = hi;
      mid = bisection_needs (a, b, x, y, r);
      if (mid == 0 || job_cancelled (loc->job))
        break;
      predicted = !isnan (r) && mid < r;
      /* The certificate's bracket: the cell of a fixed grid of width
       * ROOT_WINDOW in log V that holds the volume (within the
       * interval), narrow enough that bounds over it tell the steps at
       * the tolerance's edge, and most often the same for both ends of
       * the last bracket, whose bounds then serve both. */
      centre = floor (log (mid) / ROOT_WINDOW) * ROOT_WINDOW;
      k = step_choice (loc, certify, layer, mid, CLAMP (exp (centre), loc->lo, mid),
                       CLAMP (exp (centre + ROOT_WINDOW), mid, loc->hi));
      probes++;
      if (k == from)
        x = mid;
      else
        {
          y = mid;
          *above = k;
        }
      if (!certify)
        {
          side = k == from ? loc->row_a : loc->row_b;
          if (memcmp (side, loc->scratch, n * sizeof (guint)) != 0)
            {
              double r2;

              memcpy (side, loc->scratch, n * sizeof (guint));
              r2 = predict (loc, certify, layer, from, *above, x, y);
              if (!isnan (r2))
                {
                  r = r2;
                  d = ROOT_STEP;
                  missed = 0;
                  continue;
                }
            }
        }
      else if (!was_certified && loc->interval.ok && missed == 0)
        {
          /* The first step worked out the magnitudes' bounds: the tie
           * tolerance's shift is known from now on. */
          double r2 = predict (loc, certify, layer, from, *above, x, y);

          if (!isnan (r2))
            {
              r = r2;
              continue;
            }
        }
      if (isnan (r) || (k == from) == predicted)
        continue;
      /* A miss. */
      if (missed == (k == from ? -1 : 1) || probes > 32)
        r = NAN;
      else
        {
          missed = k == from ? 1 : -1;
          d *= 4;
          r = k == from ? x * (1 + d) : y / (1 + d);
        }
    }
}

/* The bracket [*x, *y] of layer @layer's change from @from in (lo, hi)
 * that the full optima worked out in the interval so far give (each an
 * exact answer at its volume): the last that runs @from, the first
 * after it that does not (when the first that does not comes before the
 * last that does, the layer changes back and forth: none); the option
 * there into *above, and the strategies at both ends into row_a, row_b
 * (@full). */
static void
known_bracket (Locator  *loc,
               guint     layer,
               guint     from,
               gboolean  full,
               double   *x,
               double   *y,
               guint    *above)
{
  const double *v = (const double *) (gpointer) loc->known_volumes->data;
  const guint *rows = (const guint *) (gpointer) loc->known_rows->data;
  guint n = loc->plan->n_layers, len = loc->known_volumes->len;
  double lo = *x, hi = *y, first_not = hi;
  int ix = -1, iy = -1;

  for (guint q = 0; q < len; q++)
    if (v[q] > lo && v[q] < hi && rows[(gsize) q * n + layer] != from && v[q] < first_not)
      {
        first_not = v[q];
        iy = (int) q;
      }
  for (guint q = 0; q < len; q++)
    if (v[q] > lo && v[q] < hi && rows[(gsize) q * n + layer] == from && v[q] > *x)
      {
        if (v[q] > first_not)
          return;
        *x = v[q];
        ix = (int) q;
      }
  *y = first_not;
  if (iy >= 0)
    *above = rows[(gsize) iy * n + layer];
  if (full && ix >= 0)
    memcpy (loc->row_a, rows + (gsize) ix * n, n * sizeof (guint));
  if (full && iy >= 0)
    memcpy (loc->row_b, rows + (gsize) iy * n, n * sizeof (guint));
}

/* Every change of layer @layer's optimal option between @lo (option
 * @from) and @hi (option @to), each located to STRATA_VOLUME_PRECISION:
 * a mode flip or a change within one mode (MODEL.md section 5).  Several
 * changes in one interval are found one after the other.  The steps of a
 * layer no link touches are decided by the certificate where it can
 * (issue 15). */
static void
locate_flips (Locator *loc,
              guint    layer,
              double   lo,
              guint    from,
              double   hi,
              guint    to)
{
  const StrataLayer *l = &loc->dataset->layers[layer];
  gboolean certify = loc->plan->linked_pos[layer] < 0;
  guint n = loc->plan->n_layers;

  if (!certify)
    {
      memcpy (loc->row_a, loc->row_lo, n * sizeof (guint));
      memcpy (loc->row_b, loc->row_hi, n * sizeof (guint));
    }
  for (guint step = 0; step < 64 && from != to && !job_cancelled (loc->job); step++)
    {
      double a = lo, b = hi, x = lo, y = hi;
      guint above = to;
      StrataFlip flip;

      known_bracket (loc, layer, from, !certify, &x, &y, &above);
      locate_change (loc, certify, layer, from, x, y, &a, &b, &above);

      flip.layer = layer;
      flip.volume = sqrt (a * b);
      flip.from_option = from;
      flip.to_option = above;
      flip.from = l->options[from].mode;
      flip.to = l->options[above].mode;
      g_array_append_val (loc->flips, flip);

      lo = b;
      from = above;
      if (!certify)
        {
          memcpy (loc->row_a, loc->row_b, n * sizeof (guint));
          memcpy (loc->row_b, loc->row_hi, n * sizeof (guint));
        }
    }
}

/* The optimum and its cost at grid point @p. */
static void
ladder_point (StrataLadder        *ladder,
              const StrataDataset *dataset,
              Plan                *plan,
              guint                p)
{
  guint *row = ladder->choices + (gsize) p * ladder->n_layers;

  _strata_plan_optimize_hinted (plan, ladder->volumes[p], row, NULL);
  ladder->costs[p] = strata_objective_unit_cost (dataset, row, ladder->objective,
                                                 ladder->volumes[p]);
}

/* One ladder being worked out. */
typedef struct
{
  StrataLadder        *ladder;
  const StrataDataset *dataset;
  Plan                *plan;
  StrataJob           *job;
  GArray              *flips;
  guint               *scratch;
  double              *scratch_d;/* the locators' scratch */
  guint               *sets;     /* the locators' scratch of guints */
  guint8              *bytes;    /* and of bytes */
  gboolean            *solved;   /* n_points: the grid point's optimum is known */
  StrataLadderStats    stats;
  gboolean             narrowing;/* nested windows still drop options */
  guint                widest;   /* options of the widest layer */
  guint               *rows;     /* 2 n: the locators' strategies */
  RootTerm            *terms;    /* n: the locators' predictions */
  GArray              *known_volumes; /* the locators' full optima */
  GArray              *known_rows;
} Ladder;

/* Grid interval @p in the current window, which holds it: the optima at
 * both ends (once each), then the flips between them. */
static void
ladder_interval (Ladder *run,
                 guint   p)
{
  StrataLadder *ladder = run->ladder;
  guint n = ladder->n_layers;
  Locator loc = { 0 };
  const guint *row_lo, *row_hi;

  for (guint q = p; q <= p + 1; q++)
    if (!run->solved[q])
      {
        ladder_point (ladder, run->dataset, run->plan, q);
        run->solved[q] = TRUE;
      }

  loc.job = run->job;
  loc.dataset = run->dataset;
  loc.plan = run->plan;
  loc.scratch = run->scratch;
  loc.flips = run->flips;
  loc.stats = &run->stats;
  loc.interval.lo = run->scratch_d;
  loc.interval.hi = loc.interval.lo + 2 * n;
  loc.bracket.lo = loc.interval.hi + 2 * n;
  loc.bracket.hi = loc.bracket.lo + 2 * n;
  loc.cand = loc.bracket.hi + 2 * n;
  loc.chain = loc.cand + 4 * (gsize) run->widest;
  loc.chain_above = loc.chain + 4 * (gsize) n;
  loc.dearest = loc.chain_above + 2 * (gsize) n;
  loc.cand_all = loc.dearest + 2 * (gsize) n;
  loc.curves = loc.cand_all + 4 * (gsize) run->plan->n_options;
  loc.cand_set = loc.curves + 2 * (gsize) run->plan->n_options;
  loc.set_start = run->sets;
  loc.set_list = loc.set_start + n + 1;
  loc.set_pos = loc.set_list + run->plan->n_options;
  loc.ks_all = loc.set_pos + run->plan->n_options;
  loc.explicit_layers = loc.ks_all + run->plan->n_options;
  loc.fast = run->bytes;
  loc.interval.modes = loc.fast + n;
  loc.bracket.modes = loc.interval.modes + n;
  loc.nb_layer = G_MAXUINT;
  loc.lo = ladder->volumes[p];
  loc.hi = ladder->volumes[p + 1];
  row_lo = ladder->choices + (gsize) p * n;
  row_hi = row_lo + n;
  g_array_set_size (run->known_volumes, 0);
  g_array_set_size (run->known_rows, 0);
  loc.known_volumes = run->known_volumes;
  loc.known_rows = run->known_rows;
  loc.row_lo = row_lo;
  loc.row_hi = row_hi;
  loc.row_a = run->rows;
  loc.row_b = run->rows + n;
  loc.terms = run->terms;
  for (guint i = 0; i < n && !job_cancelled (run->job); i++)
    if (row_lo[i] != row_hi[i])
      locate_flips (&loc, i, loc.lo, row_lo[i], loc.hi, row_hi[i]);
  job_progress (run->job, (p + 1.0) / (ladder->n_points - 1));
}

/* The number of candidates of the current window (0: no window). */
static guint
window_size (const Plan *plan)
{
  return plan->window != NULL ? plan->window->cand_start[plan->n_layers] : 0;
}

/* The grid intervals p0 .. p1 - 1 in the current window, which spans
 * them: halves, each in its own window narrowed from this one, while
 * narrowing still drops options (costs that do not depend on volume
 * leave every window as wide as the first: the whole range's then serves
 * every interval, exactly as well). */
static void
ladder_intervals (Ladder *run,
                  guint   p0,
                  guint   p1)
{
  const double *volumes = run->ladder->volumes;
  guint mid, size;

  if (job_cancelled (run->job))
    return;
  if (p1 - p0 == 1)
    {
      ladder_interval (run, p0);
      return;
    }
  mid = p0 + (p1 - p0) / 2;
  if (!run->narrowing)
    {
      ladder_intervals (run, p0, mid);
      ladder_intervals (run, mid, p1);
      return;
    }
  size = window_size (run->plan);
  _strata_plan_window_push (run->plan, volumes[p0], volumes[mid]);
  if (window_size (run->plan) == size)
    {
      /* Nothing dropped: this window for every interval below. */
      _strata_plan_window_pop (run->plan);
      run->narrowing = FALSE;
      ladder_intervals (run, p0, mid);
      ladder_intervals (run, mid, p1);
      run->narrowing = TRUE;
      return;
    }
  ladder_intervals (run, p0, mid);
  _strata_plan_window_pop (run->plan);
  _strata_plan_window_push (run->plan, volumes[mid], volumes[p1]);
  ladder_intervals (run, mid, p1);
  _strata_plan_window_pop (run->plan);
}

/* TRUE when no option's cost depends on the volume: no fixed cost to
 * spread, no learning curve (its base, its fixed cost per unit, 0 / V,
 * and so every strategy's cost are the same doubles at every volume). */
static gboolean
volume_independent (const StrataDataset *dataset)
{
  for (guint i = 0; i < dataset->n_layers; i++)
    for (guint k = 0; k < dataset->layers[i].n_options; k++)
      {
        const StrataOption *option = &dataset->layers[i].options[k];

        if (option->fixed_cost.value != 0.0 || (option->mode == STRATA_MODE_INTEGRATED && option->learning_rate.value != 0.0 && option->unit_cost.value != 0.0))
          return FALSE;
      }
  return TRUE;
}

StrataLadder *
strata_ladder_new (const StrataDataset *dataset,
                   guint                n_points)
{
  return strata_ladder_new_full (dataset, STRATA_OBJECTIVE_EFFECTIVE, n_points);
}

StrataLadder *
strata_ladder_new_full (const StrataDataset *dataset,
                        StrataObjective      objective,
                        guint                n_points)
{
  return strata_ladder_new_cancellable (dataset, objective, n_points, NULL, NULL, NULL, NULL);
}

/* The ladder's progress: the share of grid intervals done, each with its
 * points and flips. */
StrataLadder *
strata_ladder_new_cancellable (const StrataDataset *dataset,
                               StrataObjective      objective,
                               guint                n_points,
                               GCancellable        *cancellable,
                               StrataProgressFunc   progress,
                               gpointer             progress_data,
                               GError             **error)
{
  StrataJob job = { cancellable, progress, progress_data, FALSE, 0, 0 };
  StrataLadder *ladder;
  g_autoptr(GArray) flips = NULL;
  g_autofree guint *scratch = NULL;
  g_autofree double *scratch_d = NULL;
  g_autofree guint *sets = NULL;
  g_autofree guint8 *bytes = NULL;
  g_autofree double *exponent = NULL;
  g_autofree guint *rows = NULL;
  g_autofree RootTerm *terms = NULL;
  g_autoptr(GArray) known_volumes = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) known_rows = g_array_new (FALSE, FALSE, sizeof (guint));
  guint widest = 0;
  g_autofree gboolean *solved = NULL;
  Plan *plan;
  guint n;

  g_return_val_if_fail (dataset != NULL, NULL);
  g_return_val_if_fail (n_points >= 2, NULL);
  g_return_val_if_fail (dataset->volume_min > 0 && dataset->volume_max >= dataset->volume_min,
                        NULL);

  plan = _strata_plan_new (dataset, objective);
  if (plan == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "The dataset has no strategy to solve");
      return NULL;
    }

  n = dataset->n_layers;
  ladder = g_new0 (StrataLadder, 1);
  ladder->objective = objective;
  ladder->n_points = n_points;
  ladder->n_layers = n;
  ladder->volumes = g_new (double, n_points);
  ladder->choices = g_new (guint, (gsize) n_points * n);
  ladder->costs = g_new (double, n_points);

  strata_log_space (dataset->volume_min, dataset->volume_max, n_points, ladder->volumes);

  if (volume_independent (dataset))
    {
      /* The optimizer sees the same doubles at every volume, so it gives
       * the same strategy at the same cost: one optimum, no flips. */
      ladder_point (ladder, dataset, plan, 0);
      for (guint p = 1; p < n_points; p++)
        {
          memcpy (ladder->choices + (gsize) p * n, ladder->choices, n * sizeof (guint));
          ladder->costs[p] = ladder->costs[0];
        }
      _strata_plan_free (plan);
      job_progress (&job, 1.0);
      if (!job_finish (&job, error))
        {
          strata_ladder_free (ladder);
          return NULL;
        }
      return ladder;
    }

  /* Every solve is made in a window of the optimizer that skips the
   * options that cannot be optimal there (strata-optimizer-window.c),
   * each from scratch (no warm start: the optimum at a volume never
   * depends on what was solved before).  The windows form a tree down to
   * the grid intervals, each narrowed from its parent's candidates; an
   * interval's window serves its two grid points and its flips.  Each
   * option's learning exponent is worked out once (the same doubles as
   * each cost's own log2 ()). */
  exponent = g_new (double, plan->n_options);
  for (guint i = 0; i < n; i++)
    for (guint k = 0; k < dataset->layers[i].n_options; k++)
      exponent[plan->opt_offset[i] + k] = option_learning_exponent (&dataset->layers[i].options[k]);
  plan->exponent = exponent;
  _strata_plan_window_base (plan, ladder->volumes[0], ladder->volumes[n_points - 1]);
  flips = g_array_new (FALSE, FALSE, sizeof (StrataFlip));
  scratch = g_new (guint, n);
  for (guint i = 0; i < n; i++)
    widest = MAX (widest, dataset->layers[i].n_options);
  scratch_d = g_new (double, 16 * (gsize) n + 4 * (gsize) widest + 10 * (gsize) plan->n_options);
  sets = g_new (guint, 2 * (gsize) n + 1 + 3 * (gsize) plan->n_options);
  bytes = g_new0 (guint8, 3 * (gsize) n);
  solved = g_new0 (gboolean, n_points);
  rows = g_new (guint, 2 * (gsize) n);
  terms = g_new (RootTerm, n);
  {
    Ladder run = { ladder, dataset, plan, &job, flips, scratch, scratch_d, sets, bytes, solved, { 0 }, !_strata_plan_windows_disabled, widest, rows, terms, known_volumes, known_rows };

    ladder_intervals (&run, 0, n_points - 1);
    G_LOCK (stats);
    _strata_ladder_stats.certified_steps += run.stats.certified_steps;
    _strata_ladder_stats.segment_steps += run.stats.segment_steps;
    _strata_ladder_stats.both_modes_steps += run.stats.both_modes_steps;
    _strata_ladder_stats.bracket_neighbours += run.stats.bracket_neighbours;
    _strata_ladder_stats.full_steps += run.stats.full_steps;
    _strata_ladder_stats.undecided_neighbour += run.stats.undecided_neighbour;
    _strata_ladder_stats.undecided_tie += run.stats.undecided_tie;
    _strata_ladder_stats.refinements += run.stats.refinements;
    G_UNLOCK (stats);
  }
  _strata_plan_free (plan);

  if (!job_finish (&job, error))
    {
      strata_ladder_free (ladder);
      return NULL;
    }

  g_array_sort (flips, compare_flips);
  ladder->n_flips = flips->len;
  ladder->flips = (StrataFlip *) (gpointer) g_array_free (g_steal_pointer (&flips), FALSE);

  return ladder;
}

void
strata_ladder_free (StrataLadder *ladder)
{
  if (ladder == NULL)
    return;

  g_free (ladder->volumes);
  g_free (ladder->choices);
  g_free (ladder->costs);
  g_free (ladder->flips);
  g_free (ladder);
}

