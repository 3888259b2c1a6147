/* strata-switchpoints-bound.c: a number that cannot move the optimum
 * where a walk takes it, told without an optimum (MODEL.md 3, 5 and 6)
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-uncertainty"

#include "config.h"

#include <math.h>
#include <string.h>

#include "strata-switchpoints-private.h"

/*
 * Most numbers of a large stack belong to options the optimum does not
 * run, and most of those cannot make their option worth running within
 * the walk's range (a tenth to ten times the number).  Deciding such a
 * walk's end (or a value on the way) took a whole optimum.  Instead:
 *
 * A number of option k of layer i changes the costs of the strategies
 * that run k and of no other.  If every strategy running k costs more
 * with the number at a value, by a margin far above the tie tolerance,
 * than today's optimum D0 (which does not run k, so costs the same
 * doubles there), the optimum there is D0 again: the strategies without k
 * are where they were, and none with k comes near.
 *
 * The least cost of a strategy running k is bounded from below by the
 * chain's min-plus messages over the two modes: per layer and mode, the
 * least cost of its options of that mode (an integrated one with every
 * co-design saving into the layer taken, whatever its sources run), the
 * interface between two layers unless both run integrated options, and
 * layer i held to k:
 *
 *   bound = min over m' (below[i - 1][m'] + I(m', mode k)) + cost k
 *           + min over m'' (I(mode k, m'') + above[i + 1][m''])
 *
 * exact without links, lower with them.
 *
 * When D0 runs k, its own cost moves with the number (worked out at the
 * value), and so do the others' that run k.  D0 is the optimum there when
 * every other strategy clears it by the margin: one running another
 * option in layer i (its least cost over those options, any choice
 * elsewhere), or k with another choice below or above i (messages of the
 * strategies that differ from D0 somewhere in layers 0 .. j, and j .. n -
 * 1: below2 and above2).  The messages are worked out once
 * per finder, on the sample as it is between walks (every walk puts its
 * number back), at the points' volume.  The margin, 1e-9 of the largest
 * magnitude a strategy can have, is a thousand times the tie tolerance
 * (1e-12 of a strategy's magnitude) and far above the rounding of these
 * sums; a value it does not clear is decided with an optimum, as before.
 *
 * The other side of a switch too: when D0 does not run k and S_k, D0
 * with k in layer i, costs less than D0 by the margin (its exact cost),
 * while every other strategy running k costs more than S_k by a
 * hundredth of it (cost k plus below2 or above2: still ten times the tie
 * tolerance), the optimum is S_k (switched_to ()).  The strategies
 * without k cost what they did, none less than D0.  On stacks without
 * links that is most decisions a walk takes beyond a switch; with links
 * the bound's least factors seldom clear the runner-up.
 */

#define BOUND_MARGIN 1e-9

struct _SwitchBound
{
  gboolean ok;
  double   today;    /* today's optimum's cost (the objective's) */
  double   margin;
  double  *below;    /* 2 per layer: least cost of layers 0 .. j with j in mode m */
  double  *above;    /* 2 per layer: of layers j .. n - 1 */
  double  *below2;   /* the same, of those that differ from D0 in one of them */
  double  *above2;
  double  *others;   /* 2 per layer: least cost of its options of mode m but D0's */
  double  *factor;   /* per layer: the least co-design factor */
};

void
_strata_switch_bound_free (SwitchBound *bound)
{
  if (bound == NULL)
    return;
  g_free (bound->below);
  g_free (bound->above);
  g_free (bound->below2);
  g_free (bound->above2);
  g_free (bound->others);
  g_free (bound->factor);
  g_free (bound);
}

/* The least cost option @option of layer @i can have at @volume in any
 * strategy (its variable cost with the least co-design factor), and its
 * magnitude into *mag. */
static double
least_cost (const StrataOption *option,
            StrataObjective     objective,
            double              factor,
            double              volume,
            double             *mag)
{
  double base = option_variable_base (option, volume);
  double fixed = option->fixed_cost.value / volume;
  double eco = objective == STRATA_OBJECTIVE_CASH ? 0.0 : option->ecosystem_value.value;

  if (option->mode == STRATA_MODE_INTEGRATED)
    base = MIN (base, base * factor);
  *mag = fabs (base) + fabs (fixed) + fabs (eco);
  return base + fixed - eco;
}

static inline double
interface_cost (const StrataDataset *dataset,
                guint                j,
                int                  low,
                int                  high)
{
  return interface_paid (low, high) ? layer_interface (dataset, j) : 0.0;
}

/* The least of @message (2 doubles, by mode) plus the interface from
 * each mode there to @mode (@message below the interface @j when @up,
 * above it otherwise). */
static inline double
across (const StrataDataset *dataset,
        const double        *message,
        guint                j,
        int                  mode,
        gboolean             up)
{
  double best = INFINITY;

  for (int m = 0; m < 2; m++)
    {
      double c = message[m] + (up ? interface_cost (dataset, j, m, mode)
                                  : interface_cost (dataset, j, mode, m));

      best = MIN (best, c);
    }
  return best;
}

/* below2 and above2: a strategy that differs from D0 in layers 0 .. j
 * either runs another option than D0's in j (after any strategy of the
 * layers before), or D0's in j after one that differs before it; in a
 * mode D0 does not run in j every option differs. */
static void
messages_other (const Finder *finder,
                SwitchBound  *bound,
                const double *least)
{
  const StrataDataset *ds = &finder->sample.copy;
  guint n = ds->n_layers;

  for (guint j = 0; j < n; j++)
    {
      int m0 = ds->layers[j].options[finder->today[j]].mode;

      for (int m = 0; m < 2; m++)
        {
          double before = j == 0 ? 0 : across (ds, bound->below + 2 * (j - 1), j - 1, m, TRUE);
          double before2 = j == 0 ? INFINITY
                                  : across (ds, bound->below2 + 2 * (j - 1), j - 1, m, TRUE);

          bound->below2[2 * j + m] = m != m0 ? bound->below[2 * j + m]
                                             : MIN (bound->others[2 * j + m] + before,
                                                    least[2 * j + m] + before2);
        }
    }
  for (guint j = n; j-- > 0;)
    {
      int m0 = ds->layers[j].options[finder->today[j]].mode;

      for (int m = 0; m < 2; m++)
        {
          double after = j + 1 == n ? 0 : across (ds, bound->above + 2 * (j + 1), j, m, FALSE);
          double after2 = j + 1 == n ? INFINITY
                                     : across (ds, bound->above2 + 2 * (j + 1), j, m, FALSE);

          bound->above2[2 * j + m] = m != m0 ? bound->above[2 * j + m]
                                             : MIN (bound->others[2 * j + m] + after,
                                                    least[2 * j + m] + after2);
        }
    }
}

static SwitchBound *
bound_new (Finder *finder)
{
  const StrataSwitchPoints *points = finder->points;
  const StrataDataset *ds = &finder->sample.copy;
  double volume = points->volume, largest = 0;
  guint n = ds->n_layers;
  SwitchBound *bound = g_new0 (SwitchBound, 1);
  g_autofree double *least = g_new (double, 2 * (gsize) n);

  bound->below = g_new (double, 2 * (gsize) n);
  bound->above = g_new (double, 2 * (gsize) n);
  bound->below2 = g_new (double, 2 * (gsize) n);
  bound->above2 = g_new (double, 2 * (gsize) n);
  bound->others = g_new (double, 2 * (gsize) n);
  bound->factor = g_new (double, n);
  for (guint j = 0; j < n; j++)
    bound->factor[j] = 1.0;
  for (guint l = 0; l < ds->n_links; l++)
    bound->factor[ds->links[l].to] *= MIN (1.0, 1.0 - ds->links[l].saving.value);

  for (guint j = 0; j < n; j++)
    {
      const StrataLayer *layer = &ds->layers[j];
      double top = 0;

      least[2 * j] = least[2 * j + 1] = INFINITY;
      bound->others[2 * j] = bound->others[2 * j + 1] = INFINITY;
      for (guint k = 0; k < layer->n_options; k++)
        {
          double mag, c = least_cost (&layer->options[k], points->objective, bound->factor[j],
                                      volume, &mag);
          int m = layer->options[k].mode;

          least[2 * j + m] = MIN (least[2 * j + m], c);
          if (k != finder->today[j])
            bound->others[2 * j + m] = MIN (bound->others[2 * j + m], c);
          top = MAX (top, mag);
        }
      largest += top + (j + 1 < n ? fabs (layer_interface (ds, j)) : 0);
    }

  for (guint j = 0; j < n; j++)
    for (int m = 0; m < 2; m++)
      bound->below[2 * j + m] = least[2 * j + m] +
        (j == 0 ? 0 : across (ds, bound->below + 2 * (j - 1), j - 1, m, TRUE));
  for (guint j = n; j-- > 0;)
    for (int m = 0; m < 2; m++)
      bound->above[2 * j + m] = least[2 * j + m] +
        (j + 1 == n ? 0 : across (ds, bound->above + 2 * (j + 1), j, m, FALSE));

  messages_other (finder, bound, least);

  bound->today = strata_objective_unit_cost (ds, finder->today, points->objective, volume);
  bound->margin = BOUND_MARGIN * largest;
  bound->ok = isfinite (bound->today) && isfinite (bound->margin);
  return bound;
}

/* The least cost of a strategy other than D0 with option @option of
 * layer @i (D0's there) at @cost: one running another option in i, or
 * this one and differing from D0 below or above i. */
static double
other_than_today (const StrataDataset *ds,
                  const SwitchBound   *bound,
                  guint                i,
                  int                  mode,
                  double               cost)
{
  guint n = ds->n_layers;
  double other = INFINITY, below = 0, above = 0, below2 = INFINITY, above2 = INFINITY;

  for (int m = 0; m < 2; m++)
    {
      double c = bound->others[2 * i + m];

      if (i > 0)
        c += across (ds, bound->below + 2 * (i - 1), i - 1, m, TRUE);
      if (i + 1 < n)
        c += across (ds, bound->above + 2 * (i + 1), i, m, FALSE);
      other = MIN (other, c);
    }
  if (i > 0)
    {
      below = across (ds, bound->below + 2 * (i - 1), i - 1, mode, TRUE);
      below2 = across (ds, bound->below2 + 2 * (i - 1), i - 1, mode, TRUE);
    }
  if (i + 1 < n)
    {
      above = across (ds, bound->above + 2 * (i + 1), i, mode, FALSE);
      above2 = across (ds, bound->above2 + 2 * (i + 1), i, mode, FALSE);
    }
  return MIN (other, cost + MIN (below2 + above, below + above2));
}

/* What the bound tells of the optimum with @field's number at @value:
 * KNOWN_NONE, KNOWN_TODAY, or KNOWN_SWITCHED (today's optimum with the
 * option in its layer, into @out when not NULL). */
typedef enum { KNOWN_NONE, KNOWN_TODAY, KNOWN_SWITCHED } Known;

static gint known_switched;

guint
_strata_switch_known_take_switched (void)
{
  return (guint) g_atomic_int_and (&known_switched, 0);
}

/* A number of option k of layer i that today's optimum D0 does not run,
 * at a value where a strategy running k comes within the margin of D0:
 * the best of those is S_k, D0 with k in layer i, when S_k's own cost is
 * below D0's by the margin and every other strategy running k costs more
 * than S_k by the margin (cost k plus the messages of strategies that
 * differ from D0 below or above i: a bound, exact without links).  The
 * strategies without k cost what they did, none less than D0; so the
 * optimum is S_k, far from any tie. */
static Known
switched_to (Finder       *finder,
             SwitchBound  *bound,
             guint         i,
             guint         k,
             double        cost,
             double        mag,
             guint        *out)
{
  const StrataDataset *ds = &finder->sample.copy;
  const StrataOption *option = &ds->layers[i].options[k];
  guint n = ds->n_layers, keep_choice = finder->today[i];
  double below = 0, above = 0, below2 = INFINITY, above2 = INFINITY, others, own;
  double margin = bound->margin + BOUND_MARGIN * mag;
  int mode = option->mode;

  if (i > 0)
    {
      below = across (ds, bound->below + 2 * (i - 1), i - 1, mode, TRUE);
      below2 = across (ds, bound->below2 + 2 * (i - 1), i - 1, mode, TRUE);
    }
  if (i + 1 < n)
    {
      above = across (ds, bound->above + 2 * (i + 1), i, mode, FALSE);
      above2 = across (ds, bound->above2 + 2 * (i + 1), i, mode, FALSE);
    }
  others = cost + MIN (below2 + above, below + above2);
  if (!(others > cost + below + above + margin / 100))
    return KNOWN_NONE;

  /* S_k's exact cost (the finder's own copy of today's choices, put
   * back at once: each thread walks with a finder of its own). */
  finder->today[i] = k;
  own = strata_objective_unit_cost (ds, finder->today, finder->points->objective,
                                    finder->points->volume);
  finder->today[i] = keep_choice;
  if (!(isfinite (own) && own < bound->today - margin && others > own + margin / 100))
    return KNOWN_NONE;
  if (out != NULL)
    {
      memcpy (out, finder->today, sizeof (guint) * finder->n_dec);
      out[i] = k;
    }
  g_atomic_int_inc (&known_switched);
  return KNOWN_SWITCHED;
}

static Known
known (Finder *finder,
       guint   field,
       double  value,
       gboolean switched,
       guint  *out)
{
  const StrataSwitchField *f = &g_array_index (finder->points->fields, StrataSwitchField, field);
  const StrataSwitchPoints *points = finder->points;
  const StrataDataset *ds = &finder->sample.copy;
  const StrataOption *option;
  SwitchBound *bound;
  double *slot = finder->slots[field];
  double keep, cost, mag, at_least, today = 0;
  guint i = f->layer, n = ds->n_layers;
  gboolean runs;
  Known result = KNOWN_NONE;
  int mode;

  if (points->a != NULL || f->kind != STRATA_SWITCH_FIELD_OPTION || slot == NULL ||
      finder->today == NULL)
    return KNOWN_NONE;
  if (finder->bound == NULL)
    finder->bound = bound_new (finder);
  bound = finder->bound;
  if (!bound->ok)
    return KNOWN_NONE;

  option = &ds->layers[i].options[f->option];
  mode = option->mode;
  runs = finder->today[i] == f->option;
  keep = *slot;
  *slot = value;
  cost = least_cost (option, points->objective, bound->factor[i], points->volume, &mag);
  if (runs)
    today = strata_objective_unit_cost (ds, finder->today, points->objective, points->volume);

  if (runs)
    {
      /* D0 runs the option: its own cost moves, the others' that run it
       * too; every other strategy must stay clear of it. */
      at_least = other_than_today (ds, bound, i, mode, cost);
      if (isfinite (today) && at_least > today + bound->margin + BOUND_MARGIN * mag)
        result = KNOWN_TODAY;
    }
  else
    {
      /* D0 costs the same doubles: every strategy running the option
       * must stay clear of it. */
      at_least = cost;
      if (i > 0)
        at_least += across (ds, bound->below + 2 * (i - 1), i - 1, mode, TRUE);
      if (i + 1 < n)
        at_least += across (ds, bound->above + 2 * (i + 1), i, mode, FALSE);
      /* A strategy with k may be larger than any today by k's magnitude
       * at that value: its tie tolerance too. */
      if (at_least > bound->today + bound->margin + BOUND_MARGIN * mag)
        result = KNOWN_TODAY;
      else if (switched)
        result = switched_to (finder, bound, i, f->option, cost, mag, out);
    }
  *slot = keep;
  if (result == KNOWN_TODAY && out != NULL)
    memcpy (out, finder->today, sizeof (guint) * finder->n_dec);
  return result;
}

gboolean
_strata_switch_today_holds (Finder *finder,
                            guint   field,
                            double  value)
{
  return known (finder, field, value, FALSE, NULL) == KNOWN_TODAY;
}

gboolean
_strata_switch_known (Finder *finder,
                      guint   field,
                      double  value,
                      guint  *out)
{
  return known (finder, field, value, TRUE, out) != KNOWN_NONE;
}
