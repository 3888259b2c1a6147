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

#include "strata/strata-horizon.h"

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
 * Where that bound does not clear, S_k, D0 with k in layer i, often
 * settles it (switched_to ()): its cost is known (D0's with layer i's
 * part swapped), and every other strategy running k is bounded by D0's
 * own messages (those keeping D0's modes in the layers links touch, at
 * D0's co-design factors) or lies at least off_gap above S_k (those
 * running another pattern of modes there: the optimizer's search with
 * D0's pattern left out, once per finder).  S_k below D0 by the margin
 * and clear of the others: the optimum is S_k; S_k and the others above
 * D0 by the margin: D0.  On 100 x 40 with links among 10 a third fewer
 * instructions; without links most decisions beyond a switch.
 *
 * The same bound serves two other decisions with D0 a fixed set of
 * choices (d0_of ()): a fixed strategy against Optimal when it runs
 * today's optimal choices, and savings_npv of adopting Optimal (D0 the
 * first year's optimum).  The end of the file tells those walks without
 * an optimum (_strata_switch_pair_clear ()).
 */

#define BOUND_MARGIN 1e-9
#define LINK_FROM 1
#define LINK_TO 2

/* D0: today's optimum; for a pair of a fixed strategy and the optimum
 * whose fixed side runs today's optimal choices, those choices; for
 * savings_npv of adopting the optimum, the first year's optimum today
 * (_strata_switch_d0 ()). */
static inline const guint *
d0_of (const Finder *finder)
{
  return finder->points->a == NULL ? finder->today : finder->pair_t;
}

/* The chain's min-plus messages over one class of strategies: 2 doubles
 * (by mode) per layer. */
typedef struct
{
  double *below;    /* least cost of layers 0 .. j with j in mode m */
  double *above;    /* of layers j .. n - 1 */
  double *below2;   /* the same, of those that differ from D0 in one of them */
  double *above2;
  double *others;   /* least cost of layer j's options of mode m but D0's */
} Messages;

struct _SwitchBound
{
  gboolean ok;
  double   today;    /* today's optimum's cost (the objective's) */
  double   margin;
  Messages all;      /* every strategy, with the least co-design factors */
  Messages kept;     /* those that keep D0's mode in every layer a link
                      * touches, with D0's factors (all of them without links) */
  double  *below_off; /* least cost of layers 0 .. j, j in mode m, with a layer a
                       * link touches in another mode than D0's among them */
  double  *above_off;
  double   off_gap;  /* the least cost of a strategy whose linked layers run
                      * another pattern of modes than D0's, less D0's */
  double  *factor;   /* per layer: the least co-design factor */
  double  *factor0;  /* per layer: D0's co-design factor */
  guint8  *linked;   /* per layer: LINK_FROM when a link starts in it, LINK_TO
                      * when one ends in it */
};

static void
messages_init (Messages *msg,
               guint     n)
{
  msg->below = g_new (double, 2 * (gsize) n);
  msg->above = g_new (double, 2 * (gsize) n);
  msg->below2 = g_new (double, 2 * (gsize) n);
  msg->above2 = g_new (double, 2 * (gsize) n);
  msg->others = g_new (double, 2 * (gsize) n);
}

static void
messages_clear (Messages *msg)
{
  g_free (msg->below);
  g_free (msg->above);
  g_free (msg->below2);
  g_free (msg->above2);
  g_free (msg->others);
}

void
_strata_switch_bound_free (SwitchBound *bound)
{
  if (bound == NULL)
    return;
  messages_clear (&bound->all);
  messages_clear (&bound->kept);
  g_free (bound->below_off);
  g_free (bound->above_off);
  g_free (bound->factor);
  g_free (bound->factor0);
  g_free (bound->linked);
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

/* The messages of @msg from @least (the least cost of each layer's
 * options by mode) and msg->others.  below2 and above2: a strategy that
 * differs from D0 in layers 0 .. j either runs another option than D0's
 * in j (after any strategy of the layers before), or D0's in j after one
 * that differs before it; in a mode D0 does not run in j every option
 * differs. */
static void
messages_compute (const Finder *finder,
                  Messages     *msg,
                  const double *least)
{
  const StrataDataset *ds = &finder->sample.copy;
  guint n = ds->n_layers;

  for (guint j = 0; j < n; j++)
    for (int m = 0; m < 2; m++)
      msg->below[2 * j + m] = least[2 * j + m] +
        (j == 0 ? 0 : across (ds, msg->below + 2 * (j - 1), j - 1, m, TRUE));
  for (guint j = n; j-- > 0;)
    for (int m = 0; m < 2; m++)
      msg->above[2 * j + m] = least[2 * j + m] +
        (j + 1 == n ? 0 : across (ds, msg->above + 2 * (j + 1), j, m, FALSE));

  for (guint j = 0; j < n; j++)
    {
      int m0 = ds->layers[j].options[d0_of (finder)[j]].mode;

      for (int m = 0; m < 2; m++)
        {
          double before = j == 0 ? 0 : across (ds, msg->below + 2 * (j - 1), j - 1, m, TRUE);
          double before2 = j == 0 ? INFINITY
                                  : across (ds, msg->below2 + 2 * (j - 1), j - 1, m, TRUE);

          msg->below2[2 * j + m] = m != m0 ? msg->below[2 * j + m]
                                           : MIN (msg->others[2 * j + m] + before,
                                                  least[2 * j + m] + before2);
        }
    }
  for (guint j = n; j-- > 0;)
    {
      int m0 = ds->layers[j].options[d0_of (finder)[j]].mode;

      for (int m = 0; m < 2; m++)
        {
          double after = j + 1 == n ? 0 : across (ds, msg->above + 2 * (j + 1), j, m, FALSE);
          double after2 = j + 1 == n ? INFINITY
                                     : across (ds, msg->above2 + 2 * (j + 1), j, m, FALSE);

          msg->above2[2 * j + m] = m != m0 ? msg->above[2 * j + m]
                                           : MIN (msg->others[2 * j + m] + after,
                                                  least[2 * j + m] + after2);
        }
    }
}

/* below_off and above_off: a strategy of layers 0 .. j with a linked layer
 * off D0's mode has it in j (any strategy before), or after j (least
 * cost in j, one such before). */
static void
messages_off (const Finder *finder,
              SwitchBound  *bound,
              const double *least)
{
  const StrataDataset *ds = &finder->sample.copy;
  guint n = ds->n_layers;

  for (guint j = 0; j < n; j++)
    {
      int m0 = ds->layers[j].options[d0_of (finder)[j]].mode;

      for (int m = 0; m < 2; m++)
        bound->below_off[2 * j + m] =
          bound->linked[j] && m != m0 ? bound->all.below[2 * j + m]
          : j == 0 ? INFINITY
          : least[2 * j + m] + across (ds, bound->below_off + 2 * (j - 1), j - 1, m, TRUE);
    }
  for (guint j = n; j-- > 0;)
    {
      int m0 = ds->layers[j].options[d0_of (finder)[j]].mode;

      for (int m = 0; m < 2; m++)
        bound->above_off[2 * j + m] =
          bound->linked[j] && m != m0 ? bound->all.above[2 * j + m]
          : j + 1 == n ? INFINITY
          : least[2 * j + m] + across (ds, bound->above_off + 2 * (j + 1), j, m, FALSE);
    }
}

/* The co-design factors: the least any strategy can have into *factor,
 * D0's into *factor0 (MODEL.md 3, as the model multiplies them). */
static void
bound_factors (const Finder *finder,
               SwitchBound  *bound)
{
  const StrataDataset *ds = &finder->sample.copy;
  guint n = ds->n_layers;

  for (guint j = 0; j < n; j++)
    bound->factor[j] = bound->factor0[j] = 1.0;
  for (guint l = 0; l < ds->n_links; l++)
    {
      const StrataLink *link = &ds->links[l];

      bound->factor[link->to] *= MIN (1.0, 1.0 - link->saving.value);
      bound->linked[link->from] |= LINK_FROM;
      bound->linked[link->to] |= LINK_TO;
      if (ds->layers[link->from].options[d0_of (finder)[link->from]].mode == STRATA_MODE_INTEGRATED)
        bound->factor0[link->to] *= 1.0 - link->saving.value;
    }
}

/* How much more than D0 (@today) the best strategy of another pattern of
 * the linked layers' modes costs, by the optimizer's search with D0's
 * pattern left out; -INFINITY when that cannot be told. */
static double
off_gap (Finder *finder,
         double  today)
{
  const StrataDataset *ds = &finder->sample.copy;
  g_autofree guint *choices = NULL;
  guint32 pattern = 0;

  if (ds->n_links == 0)
    return INFINITY;
  if (finder->plan == NULL)
    return -INFINITY;
  choices = g_new (guint, ds->n_layers);
  _strata_plan_optimize_hinted (finder->plan, finder->points->volume, choices, &pattern);
  if (memcmp (choices, d0_of (finder), sizeof (guint) * ds->n_layers) != 0)
    return -INFINITY;
  return _strata_plan_other_patterns (finder->plan, finder->points->volume, pattern) - today;
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
  g_autofree double *least0 = g_new (double, 2 * (gsize) n);

  messages_init (&bound->all, n);
  messages_init (&bound->kept, n);
  bound->below_off = g_new (double, 2 * (gsize) n);
  bound->above_off = g_new (double, 2 * (gsize) n);
  bound->factor = g_new (double, n);
  bound->factor0 = g_new (double, n);
  bound->linked = g_new0 (guint8, n);
  bound_factors (finder, bound);

  for (guint j = 0; j < n; j++)
    {
      const StrataLayer *layer = &ds->layers[j];
      int m0 = layer->options[d0_of (finder)[j]].mode;
      double top = 0;

      for (int m = 0; m < 2; m++)
        least[2 * j + m] = least0[2 * j + m] = bound->all.others[2 * j + m] =
          bound->kept.others[2 * j + m] = INFINITY;
      for (guint k = 0; k < layer->n_options; k++)
        {
          double mag, mag0, c = least_cost (&layer->options[k], points->objective, bound->factor[j],
                                            volume, &mag);
          double c0 = least_cost (&layer->options[k], points->objective, bound->factor0[j],
                                  volume, &mag0);
          int m = layer->options[k].mode;

          least[2 * j + m] = MIN (least[2 * j + m], c);
          if (k != d0_of (finder)[j])
            bound->all.others[2 * j + m] = MIN (bound->all.others[2 * j + m], c);
          if (!bound->linked[j] || m == m0)
            {
              least0[2 * j + m] = MIN (least0[2 * j + m], c0);
              if (k != d0_of (finder)[j])
                bound->kept.others[2 * j + m] = MIN (bound->kept.others[2 * j + m], c0);
            }
          top = MAX (top, MAX (mag, mag0));
        }
      largest += top + (j + 1 < n ? fabs (layer_interface (ds, j)) : 0);
    }

  messages_compute (finder, &bound->all, least);
  messages_compute (finder, &bound->kept, least0);
  messages_off (finder, bound, least);

  bound->today = strata_objective_unit_cost (ds, d0_of (finder), points->objective, volume);
  bound->off_gap = off_gap (finder, bound->today);
  bound->margin = BOUND_MARGIN * largest;
  bound->ok = isfinite (bound->today) && isfinite (bound->margin);
  return bound;
}

/* The least cost, by @msg, of a strategy with an option of layer @i in
 * @mode at @cost that differs from D0 below or above i; the least of
 * any with it into *@any. */
static double
differing (const StrataDataset *ds,
           const Messages      *msg,
           guint                i,
           int                  mode,
           double               cost,
           double              *any)
{
  guint n = ds->n_layers;
  double below = 0, above = 0, below2 = INFINITY, above2 = INFINITY;

  if (i > 0)
    {
      below = across (ds, msg->below + 2 * (i - 1), i - 1, mode, TRUE);
      below2 = across (ds, msg->below2 + 2 * (i - 1), i - 1, mode, TRUE);
    }
  if (i + 1 < n)
    {
      above = across (ds, msg->above + 2 * (i + 1), i, mode, FALSE);
      above2 = across (ds, msg->above2 + 2 * (i + 1), i, mode, FALSE);
    }
  if (any != NULL)
    *any = cost + below + above;
  return cost + MIN (below2 + above, below + above2);
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
  double other = INFINITY;

  for (int m = 0; m < 2; m++)
    {
      double c = bound->all.others[2 * i + m];

      if (i > 0)
        c += across (ds, bound->all.below + 2 * (i - 1), i - 1, m, TRUE);
      if (i + 1 < n)
        c += across (ds, bound->all.above + 2 * (i + 1), i, m, FALSE);
      other = MIN (other, c);
    }
  return MIN (other, differing (ds, &bound->all, i, mode, cost, NULL));
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

/* The least cost, by the off messages, of the layers but @i around an
 * option of layer @i in @mode, with a layer a link touches in another
 * mode than D0's among them. */
static double
off_messages (const StrataDataset *ds,
              const SwitchBound   *bound,
              guint                i,
              int                  mode)
{
  guint n = ds->n_layers;
  double below = 0, above = 0, off = INFINITY;

  if (i > 0)
    below = across (ds, bound->all.below + 2 * (i - 1), i - 1, mode, TRUE);
  if (i + 1 < n)
    above = across (ds, bound->all.above + 2 * (i + 1), i, mode, FALSE);
  if (i > 0)
    off = MIN (off, across (ds, bound->below_off + 2 * (i - 1), i - 1, mode, TRUE) + above);
  if (i + 1 < n)
    off = MIN (off, below + across (ds, bound->above_off + 2 * (i + 1), i, mode, FALSE));
  return off;
}

/* Option @k's cost in layer @i at the co-design factor @factor. */
static double
option_cost (const StrataOption *option,
             StrataObjective     objective,
             double              factor,
             double              volume)
{
  double base = option_variable_base (option, volume);
  double eco = objective == STRATA_OBJECTIVE_CASH ? 0.0 : option->ecosystem_value.value;

  if (option->mode == STRATA_MODE_INTEGRATED)
    base *= factor;
  return base + option->fixed_cost.value / volume - eco;
}

/* The cost of D0 with option @k in layer @i, in no other layer a change of
 * co-design factor (k in D0's mode there, or no link touching it): D0's
 * less layer i's part and its interfaces, plus k's.  Within rounding of
 * the exact cost, far below the margins it is compared with. */
static double
swapped_cost (const Finder      *finder,
              const SwitchBound *bound,
              guint              i,
              guint              k)
{
  const StrataDataset *ds = &finder->sample.copy;
  const StrataLayer *layer = &ds->layers[i];
  StrataObjective objective = finder->points->objective;
  double volume = finder->points->volume;
  int m0 = layer->options[d0_of (finder)[i]].mode, mk = layer->options[k].mode;
  double c = bound->today - option_cost (&layer->options[d0_of (finder)[i]], objective,
                                         bound->factor0[i], volume)
             + option_cost (&layer->options[k], objective, bound->factor0[i], volume);

  if (i > 0)
    {
      int below = ds->layers[i - 1].options[d0_of (finder)[i - 1]].mode;

      c += interface_cost (ds, i - 1, below, mk) - interface_cost (ds, i - 1, below, m0);
    }
  if (i + 1 < ds->n_layers)
    {
      int above = ds->layers[i + 1].options[d0_of (finder)[i + 1]].mode;

      c += interface_cost (ds, i, mk, above) - interface_cost (ds, i, m0, above);
    }
  return c;
}

/* A number of option k of layer i that today's optimum D0 does not run,
 * at a value where the chain's bound lets a strategy running k come
 * within the margin of D0.  The best of those is S_k, D0 with k in layer
 * i, unless another strategy running k, T, costs less.  T either keeps
 * D0's mode in every layer a link touches (then every co-design factor
 * is D0's, and the kept messages bound it, exactly without links), or
 * runs another pattern of modes there: then, when no link ends in layer
 * i or k is neutral, T costs what T with D0's option in layer i costs (a
 * strategy of another pattern, so at least off_gap above D0) plus what
 * S_k costs more than D0, when k's mode is not D0's there less at most
 * one boundary cost at each interface of layer i whose other layer D0
 * runs in the other mode than k's (turning layer i to k's mode saves or
 * costs that boundary cost, or nothing, by that layer's mode: in T less
 * than in S_k only where the two differ and D0's is not k's); else the
 * off messages bound it, with the least factors.  With S_k's exact cost:
 *
 * - S_k below D0 by the margin, every T above S_k by a hundredth of it
 *   (still ten times the tie tolerance): the optimum is S_k
 *   (KNOWN_SWITCHED);
 * - S_k and every T above D0 by the margin: D0 (KNOWN_TODAY).
 *
 * The strategies without k cost what they did, none less than D0. */
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
  int mode = option->mode, m0 = ds->layers[i].options[d0_of (finder)[i]].mode;
  double margin = bound->margin + BOUND_MARGIN * mag;
  double others, own, mag0, off = -INFINITY;

  /* k in another mode than D0's in a layer a link touches: S_k runs
   * another pattern, with other factors; an optimum decides. */
  if (bound->linked[i] != 0 && mode != m0)
    return KNOWN_NONE;

  own = swapped_cost (finder, bound, i, k);
  if (!isfinite (own))
    return KNOWN_NONE;

  others = differing (ds, &bound->kept, i, mode,
                      least_cost (option, finder->points->objective, bound->factor0[i],
                                  finder->points->volume, &mag0),
                      NULL);
  if (ds->n_links > 0)
    {
      if (!((bound->linked[i] & LINK_TO) && mode == STRATA_MODE_INTEGRATED))
        {
          off = own + bound->off_gap;
          if (mode != m0 && i > 0 &&
              (int) ds->layers[i - 1].options[d0_of (finder)[i - 1]].mode != mode)
            off -= fabs (layer_interface (ds, i - 1));
          if (mode != m0 && i + 1 < ds->n_layers &&
              (int) ds->layers[i + 1].options[d0_of (finder)[i + 1]].mode != mode)
            off -= fabs (layer_interface (ds, i));
        }
      off = MAX (off, cost + off_messages (ds, bound, i, mode));
      others = MIN (others, off);
    }

  if (own < bound->today - margin && others > own + margin / 100)
    {
      if (out != NULL)
        {
          memcpy (out, finder->today, sizeof (guint) * finder->n_dec);
          out[i] = k;
        }
      return KNOWN_SWITCHED;
    }
  if (own > bound->today + margin && others > bound->today + margin)
    return KNOWN_TODAY;
  return KNOWN_NONE;
}

static Known
known (Finder *finder,
       guint   field,
       double  value,
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

  /* A pair tells only whether the optimum is today's (out NULL). */
  if (f->kind != STRATA_SWITCH_FIELD_OPTION || slot == NULL || finder->today == NULL ||
      (points->a != NULL && out != NULL) || _strata_switch_d0 (finder) == NULL)
    return KNOWN_NONE;
  if (finder->bound == NULL)
    finder->bound = bound_new (finder);
  bound = finder->bound;
  if (!bound->ok)
    return KNOWN_NONE;

  option = &ds->layers[i].options[f->option];
  mode = option->mode;
  runs = d0_of (finder)[i] == f->option;
  keep = *slot;
  if (runs)
    today = bound->today - option_cost (option, points->objective, bound->factor0[i],
                                        points->volume);
  *slot = value;
  cost = least_cost (option, points->objective, bound->factor[i], points->volume, &mag);
  /* D0's cost with the number at @value: its layer's part swapped (within
   * rounding, far below the margin). */
  if (runs)
    today += option_cost (option, points->objective, bound->factor0[i], points->volume);

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
        at_least += across (ds, bound->all.below + 2 * (i - 1), i - 1, mode, TRUE);
      if (i + 1 < n)
        at_least += across (ds, bound->all.above + 2 * (i + 1), i, mode, FALSE);
      /* A strategy with k may be larger than any today by k's magnitude
       * at that value: its tie tolerance too. */
      if (at_least > bound->today + bound->margin + BOUND_MARGIN * mag)
        result = KNOWN_TODAY;
      else
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
  return known (finder, field, value, NULL) == KNOWN_TODAY;
}

gboolean
_strata_switch_known (Finder *finder,
                      guint   field,
                      double  value,
                      guint  *out)
{
  const StrataSwitchPoints *points = finder->points;
  Known result;

  if (points->savings)
    return FALSE;
  if (points->a == NULL)
    result = known (finder, field, value, out);
  else
    {
      /* A pair whose fixed side runs today's optimal choices: the
       * optimum there is those choices, as cheap as the fixed side; or
       * a strategy is cheaper than them by the margin, and so the
       * optimum. */
      result = known (finder, field, value, NULL);
      if (result == KNOWN_TODAY)
        out[0] = (guint) (1 + STRATA_SWITCH_EQUAL);
      else if (result == KNOWN_SWITCHED)
        out[0] = (guint) (1 + (points->a->choices == NULL ? STRATA_SWITCH_A_CHEAPER
                                                          : STRATA_SWITCH_B_CHEAPER));
    }
  if (result == KNOWN_SWITCHED)
    g_atomic_int_inc (&known_switched);
  return result != KNOWN_NONE;
}

/* ------------------------------------------------------------------ */

/*
 * A pair of a fixed strategy F and the optimum.  The optimum costs no
 * more than any one strategy, among them T, the optimum's choices at
 * today's numbers (up to its tie tolerance, 1e-12 of the costs compared,
 * and the rounding of its sum).  So wherever F costs more than T by
 * PAIR_MARGIN of the magnitudes of both (their unit costs and, under the
 * effective objective, their ecosystem values: every part of a cost is
 * at least 0), a thousand times the tie tolerance and far above the
 * rounding, the optimum is cheaper than F there.
 *
 * A field's number moves every strategy's cost as an affine function of
 * one quantity that moves one way with it (switches_at_most_once () in
 * strata-switchpoints.c), and F's and T's magnitudes likewise, so F - T
 * less the margin is affine in it: above 0 at the walk's two ends, above
 * 0 all the way, and the walk has no switch.  The optimum against F
 * alone can switch twice on a walk (F optimal over a middle stretch
 * only); against T, a fixed strategy, it cannot.  Most numbers of a
 * large stack belong to options neither F nor T runs: F and T cost the
 * same doubles at any of their values, and today's check settles them.
 * Without this every walk took the optimum at every grid point: on
 * 1000 layers x 40 options, All neutral against Optimal ran for over ten
 * minutes.
 */

#define PAIR_MARGIN 1e-9

/* Whether @fixed costs more than the optimum's choices at today's
 * numbers by the margin, with the sample's numbers as they are now. */
static gboolean
pair_clear_now (const Finder *finder,
                const guint  *fixed)
{
  const StrataSwitchPoints *points = finder->points;
  const StrataDataset *ds = &finder->sample.copy;
  StrataOutcome f, t;
  double fc, tc, mag;

  strata_evaluate (ds, fixed, points->volume, &f, NULL);
  strata_evaluate (ds, finder->pair_t, points->volume, &t, NULL);
  fc = strata_outcome_cost (&f, points->objective);
  tc = strata_outcome_cost (&t, points->objective);
  mag = f.unit_cost + t.unit_cost;
  if (points->objective != STRATA_OBJECTIVE_CASH)
    mag += f.ecosystem_value + t.ecosystem_value;
  return isfinite (fc) && isfinite (tc) && isfinite (mag) && fc - tc > PAIR_MARGIN * mag;
}

/* Whether @fixed or the optimum's choices today read @f's number. */
static gboolean
pair_reads (const Finder            *finder,
            const StrataSwitchField *f,
            const guint             *fixed)
{
  if (f->kind != STRATA_SWITCH_FIELD_OPTION)
    return TRUE;
  return fixed[f->layer] == f->option || finder->pair_t[f->layer] == f->option;
}

/* A pair of a fixed strategy and the optimum (not savings_npv): the
 * fixed side's choices, with the optimum's today in @finder->pair_t;
 * NULL for any other decision. */
static const guint *
pair_fixed (Finder *finder)
{
  const StrataSwitchPoints *points = finder->points;
  const StrataDataset *ds = &finder->sample.copy;
  const guint *fixed;

  if (points->a == NULL || points->savings ||
      (points->a->choices == NULL) == (points->b->choices == NULL))
    return NULL;
  fixed = points->a->choices != NULL ? points->a->choices : points->b->choices;
  if (finder->pair_t == NULL)
    {
      /* Every walk puts its number back: the sample is today's. */
      finder->pair_t = g_new (guint, MAX (ds->n_layers, 1));
      strata_optimize_full (ds, points->objective, points->volume, finder->pair_t);
      finder->pair_today = pair_clear_now (finder, fixed);
    }
  return fixed;
}

/* savings_npv of adopting the optimum against a fixed start: the optimum
 * at the first year's volume today (the adopted choices) in
 * @finder->pair_t; NULL for any other decision. */
static const guint *
savings_t (Finder *finder)
{
  const StrataSwitchPoints *points = finder->points;
  const StrataDataset *ds = &finder->sample.copy;

  if (!points->savings || points->a->choices != NULL || points->b->choices == NULL)
    return NULL;
  if (finder->pair_t == NULL)
    {
      /* Every walk puts its number back: the sample is today's. */
      finder->pair_t = g_new (guint, MAX (ds->n_layers, 1));
      strata_horizon_adopted_choices (ds, points->a,
                                      points->objective == STRATA_OBJECTIVE_CASH
                                      ? STRATA_HORIZON_CASH : STRATA_HORIZON_EFFECTIVE,
                                      finder->pair_t);
    }
  return finder->pair_t;
}

/* Whether the optimum at the first year's volume with @field's number (an
 * option's, not a whole one) at @end is T, today's: then it is T all the
 * way there.  The number moves the one option's cost at that volume one
 * way (MODEL.md 3: at a given volume each field moves it one way), and
 * every strategy's cost is a line in that cost, so the optimum, the
 * least of the lines, holds each strategy over one stretch at most
 * (switches_at_most_once () in strata-switchpoints.c): T at both ends,
 * T between them.  One optimum instead of a walk of them. */
static gboolean
t_at_end (Finder *finder,
          guint   field,
          double  end)
{
  const guint *t = savings_t (finder);
  guint n = finder->sample.copy.n_layers;
  g_autofree guint *at_end = NULL;

  if (t == NULL || finder->slots[field] == NULL)
    return FALSE;
  at_end = g_new (guint, MAX (n, 1));
  _strata_switch_optimum_at (finder, field, end, at_end);
  return memcmp (at_end, t, sizeof (guint) * n) == 0;
}

/* savings_npv of adopting the optimum against a fixed start, a number of
 * an option neither the start nor today's adopted choices T run: the two
 * plans' NPVs do not read it, so savings_npv holds for as long as the
 * optimum at the first year's volume (the points' volume) stays T.  It
 * does where the walk only makes the option dearer, or where the chain's
 * bound or the optimum itself says T is the optimum at the walk's end
 * (the optimum never returns to a strategy it left: t_at_end ()).  A
 * learning rate of an option T runs and the start does not, when T is
 * the optimum at the end: _strata_switch_savings_positive_both (). */
static gboolean
savings_holds (Finder *finder,
               guint   field,
               double  end)
{
  const StrataSwitchField *f = &g_array_index (finder->points->fields, StrataSwitchField, field);
  const guint *t = savings_t (finder), *start;

  if (t == NULL || f->kind != STRATA_SWITCH_FIELD_OPTION || finder->slots[field] == NULL)
    return FALSE;
  start = finder->points->b->choices;
  if (start[f->layer] == f->option)
    return FALSE;
  if (t[f->layer] == f->option)
    {
      /* A learning rate of an option T runs: T all the way, and the
       * savings concave in the rate's exponent, so clearly positive at
       * both ends, clearly positive between. */
      return g_str_equal (f->field, "learning_rate") && t_at_end (finder, field, end) &&
             _strata_switch_savings_positive_both (finder, field, end);
    }
  if (_strata_switch_field_costlier_when (finder, f) == (end > f->value ? 1 : -1))
    return TRUE;
  return known (finder, field, end, NULL) == KNOWN_TODAY || t_at_end (finder, field, end);
}

/* Whether T (@adopted, the first year's optimum today) stays the optimum
 * at that volume on a walk in direction @dir, by the sign alone: an
 * option it does not run made dearer; one it runs made cheaper, which
 * lowers every strategy that runs it by the same amount when no link
 * enters its layer (no co-design factor). */
static gboolean
t_stays (Finder                  *finder,
         const StrataSwitchField *f,
         const guint             *adopted,
         int                      dir)
{
  if (adopted[f->layer] != f->option)
    return _strata_switch_field_costlier_when (finder, f) == dir;
  return _strata_switch_field_costlier_when (finder, f) == -dir &&
         !_strata_switch_linked_into (finder, f->layer);
}

gboolean
_strata_switch_linked_into (const Finder *finder,
                            guint         layer)
{
  for (guint l = 0; l < finder->sample.copy.n_links; l++)
    if (finder->sample.copy.links[l].to == layer)
      return TRUE;
  return FALSE;
}

gboolean
_strata_switch_savings_once (Finder *finder,
                             guint   field,
                             double  end)
{
  const StrataSwitchPoints *points = finder->points;
  const StrataSwitchField *f = &g_array_index (points->fields, StrataSwitchField, field);
  const guint *adopted = points->a->choices;

  if (!points->savings || points->b->choices == NULL)
    return FALSE;
  if (adopted == NULL)
    {
      adopted = savings_t (finder);
      if (adopted == NULL || f->kind != STRATA_SWITCH_FIELD_OPTION)
        return FALSE;
    }
  if (!_strata_switch_savings_monotone (adopted, points->b->choices, &finder->sample.copy, f) &&
      !_strata_switch_savings_unimodal (finder, field, adopted))
    return FALSE;
  /* Adopting the optimum: only while its first year's choices are T's
   * (asked last: an optimum, where the sign of the walk does not tell). */
  return points->a->choices != NULL ||
         t_stays (finder, f, adopted, end > f->value ? 1 : -1) || t_at_end (finder, field, end);
}

const guint *
_strata_switch_d0 (Finder *finder)
{
  const guint *fixed;

  if (finder->points->a == NULL)
    return finder->today;
  if (finder->points->savings)
    return savings_t (finder);
  fixed = pair_fixed (finder);
  if (fixed == NULL ||
      memcmp (fixed, finder->pair_t, sizeof (guint) * finder->sample.copy.n_layers) != 0)
    return NULL;
  return fixed;
}

gboolean
_strata_switch_pair_clear (Finder *finder,
                           guint   field,
                           double  end)
{
  const StrataSwitchField *f = &g_array_index (finder->points->fields, StrataSwitchField, field);
  double *slot = finder->slots[field];
  const guint *fixed;
  double keep;
  gboolean clear;

  if (finder->points->savings)
    return savings_holds (finder, field, end);
  if (finder->points->a != NULL &&
      finder->points->a->choices == NULL && finder->points->b->choices == NULL)
    return TRUE;   /* the optimum against itself: as cheap at every value */
  if (slot == NULL || f->kind == STRATA_SWITCH_FIELD_HORIZON ||
      (fixed = pair_fixed (finder)) == NULL || !finder->pair_today)
    return FALSE;
  if (!pair_reads (finder, f, fixed))
    return TRUE;
  keep = *slot;
  *slot = end;
  clear = pair_clear_now (finder, fixed);
  *slot = keep;
  return clear;
}
