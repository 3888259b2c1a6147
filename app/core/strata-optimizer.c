/* strata-optimizer.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-model"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "strata/strata-model.h"

#include "strata-optimizer-private.h"

/*
 * The optimizer (MODEL.md section 5) is exact.  Once the mode of every layer is
 * fixed, the co-design factors and the market-interface costs are fixed
 * too, so the best option of each layer within its mode no longer depends
 * on the other layers.  Interfaces only couple neighbours, so the layers
 * that no link touches are handled by a dynamic programme along the chain
 * whose state is the mode of the layer below.  Only the layers that take
 * part in links ("linked layers") couple non-neighbours; their modes are
 * searched exhaustively (up to 2^k patterns, k <= 20 for any dataset the
 * loader accepts) by a depth-first branch and bound that only cuts
 * branches that provably hold no strategy as good as the best one found.
 * Between two consecutive linked layers the chain of unlinked layers is
 * folded, once per volume, into a 2 x 2 min-plus matrix indexed by the
 * modes of its two ends, so one pattern costs O(linked layers) plus the
 * options of the layers that receive links.  The ladder and break-even
 * scans start each search from the optimum at the previous volume.
 *
 * Ties (section 5): two strategies whose effective unit costs differ by
 * no more than STRATA_TIE_TOLERANCE times the larger magnitude of their
 * own terms (the sum over their layers of |variable| + |fixed/V| +
 * |ecosystem value| of the chosen option, plus their interface costs)
 * count as equally cheap.  This absorbs floating-point rounding of sums
 * taken in different orders (about 1e-16 relative per operation), is
 * judged relative to the two costs compared (an absurd option that is
 * never chosen cannot widen it, issue 16) and never merges costs a user
 * could tell apart in any display.  Among equally cheap strategies the
 * one with fewer integrated layers wins, then the one whose option
 * indices are smaller, compared layer by layer from the bottom.  The
 * branch and bound prunes with a bound of every pair's tolerance
 * (plan->eps), so pruning never decides a tie.  In a volume window
 * (strata-optimizer-window.c) that bound is taken from the window's
 * candidates, of which every strategy its search compares is made.
 */

/* ------------------------------------------------------------------ */
/* Section 5: the exact optimum                                         */
/* ------------------------------------------------------------------ */

/* Cost of a layer that is not linked, in mode @m, as a key. */
static inline Key
static_cost (const Plan *plan,
             guint       i,
             int         m)
{
  Key k = { plan->best[2 * i + m], plan->best_mag[2 * i + m], m };

  if (!isfinite (k.cost))
    return key_inf;
  return k;
}

/* The best key of the unlinked layers strictly between @lo and @hi
 * (lo = -1: from the bottom; hi = n_layers: to the top) including the
 * interfaces that join them to each other and to the ends.  Fills
 * out[2 * m_lo + m_hi]. */
static void
segment_compute (const Plan *plan,
                 int         lo,
                 guint       hi,
                 Key        *out)
{
  for (int m_lo = 0; m_lo < 2; m_lo++)
    {
      Key cur[2];
      guint s;

      if (lo < 0)
        {
          if (hi == 0)
            {
              out[2 * m_lo + 0] = out[2 * m_lo + 1] = key_zero;
              continue;
            }
          cur[0] = static_cost (plan, 0, 0);
          cur[1] = static_cost (plan, 0, 1);
          s = 1;
        }
      else
        {
          cur[m_lo] = key_zero;
          cur[1 - m_lo] = key_inf;
          s = (guint) lo + 1;
        }

      for (; s < hi; s++)
        {
          Key nxt[2];

          for (int m = 0; m < 2; m++)
            {
              Key c = static_cost (plan, s, m);
              Key a, b;

              a = key_add (cur[0], iface_key (plan, s - 1, 0, m));
              b = key_add (cur[1], iface_key (plan, s - 1, 1, m));
              nxt[m] = key_add (key_min (a, b), c);
            }
          cur[0] = nxt[0];
          cur[1] = nxt[1];
        }

      if (hi >= plan->n_layers)
        {
          Key r = key_min (cur[0], cur[1]);
          out[2 * m_lo + 0] = out[2 * m_lo + 1] = r;
        }
      else
        {
          for (int m_hi = 0; m_hi < 2; m_hi++)
            {
              Key a = key_add (cur[0], iface_key (plan, hi - 1, 0, m_hi));
              Key b = key_add (cur[1], iface_key (plan, hi - 1, 1, m_hi));
              out[2 * m_lo + m_hi] = key_min (a, b);
            }
        }

      if (lo < 0)
        {
          /* No lower end: the same for both (unused) m_lo. */
          out[2] = out[0];
          out[3] = out[1];
          break;
        }
    }
}

static inline Key linked_cost_with (const Plan *plan,
                                    guint       j,
                                    StrataMode  m,
                                    double      f);

/* Layer @i's options at @volume (their learning curves @known, or
 * NULL): their costs, the layer's least of each mode and its part of the
 * tie tolerance's scale, which it returns.  In a window from its packed
 * table (@packed, the layer's part: the same doubles), else from the
 * dataset: inlined twice, so that the loop without a window (one cold
 * optimum) is the one it always was. */
G_ALWAYS_INLINE static inline double
plan_layer_at_with (Plan             *plan,
                    guint             i,
                    double            volume,
                    const double     *known,
                    const PlanOption *packed)
{
  const StrataDataset *dataset = plan->dataset;
  const StrataLayer *layer = &dataset->layers[i];
  double best_n = INFINITY, best_i = INFINITY, largest = 0, eco_largest = 0;
  double mag_n = 0, mag_i = 0;
  guint q0, q1;

  plan_options (plan, i, &q0, &q1);
  for (guint q = q0; q < q1; q++)
    {
      guint j = plan_option_at (plan, q);
      guint o = plan_slot (plan, i, q);
      double base, fixed, eco, cost;
      int mode;

      if (packed != NULL)
        {
          const PlanOption *wo = &packed[j];

          base = packed_base (wo, known != NULL ? known[q] : packed_curve (wo, volume));
          fixed = wo->fixed / volume;
          eco = wo->eco;
          mode = wo->mode;
        }
      else
        {
          const StrataOption *option = &layer->options[j];

          base = known != NULL ? plan_base_from_curve (plan, i, j, volume, known[q])
                               : plan_variable_base (plan, i, j, volume);
          fixed = option->fixed_cost.value / volume;
          eco = plan->objective == STRATA_OBJECTIVE_CASH ? 0.0 : option->ecosystem_value.value;
          mode = option->mode;
        }

      plan->base[o] = base;
      plan->mode[o] = mode;
      plan->rest[o] = fixed - eco;
      eco_largest = MAX (eco_largest, eco);
      plan->rest_mag[o] = fabs (fixed) + fabs (eco);
      cost = base + plan->rest[o];
      if (mode == STRATA_MODE_INTEGRATED && cost < best_i)
        {
          best_i = cost;
          mag_i = fabs (base) + plan->rest_mag[o];
        }
      else if (mode == STRATA_MODE_NEUTRAL && cost < best_n)
        {
          best_n = cost;
          mag_n = fabs (base) + plan->rest_mag[o];
        }
      /* Only finite costs set the tie tolerance: an option whose cost
       * overflows at this volume can never be chosen over a finite
       * one, and must not make every finite pair look tied. */
      if (isfinite (cost))
        largest = MAX (largest, fabs (base) + fabs (fixed) + fabs (eco));
    }
  plan->best[2 * i + STRATA_MODE_NEUTRAL] = best_n;
  plan->best[2 * i + STRATA_MODE_INTEGRATED] = best_i;
  plan->best_mag[2 * i + STRATA_MODE_NEUTRAL] = mag_n;
  plan->best_mag[2 * i + STRATA_MODE_INTEGRATED] = mag_i;
  plan->eco_largest[i] = eco_largest;
  return largest;
}

static double
plan_layer_at (Plan         *plan,
               guint         i,
               double        volume,
               const double *known)
{
  if (plan->window != NULL)
    return plan_layer_at_with (plan, i, volume, known, plan_packed (plan) + plan->opt_offset[i]);
  return plan_layer_at_with (plan, i, volume, known, NULL);
}

/* TRUE when the segment below linked layer @j (n_linked: the top one)
 * holds no layer: its keys (its interface's) are the same at every volume. */
static inline gboolean
segment_empty (const Plan *plan,
               guint       j)
{
  int lo = j == 0 ? -1 : (int) plan->linked[j - 1];
  guint hi = j < plan->n_linked ? plan->linked[j] : plan->n_layers;

  return (int) hi == lo + 1;
}

/* Whether segment @j (between linked layers j - 1 and j) holds layer @i. */
static inline gboolean
segment_holds (const Plan *plan,
               guint       j,
               guint       i)
{
  int lo = j == 0 ? -1 : (int) plan->linked[j - 1];
  guint hi = j < plan->n_linked ? plan->linked[j] : plan->n_layers;

  return (int) i > lo && i < hi;
}

/* The least variable base of linked layer @j's integrated options the
 * search may choose, at least 0: how fast its cost grows with its
 * co-design factor at the least (undecided_more ()). */
static double
least_integrated_base (const Plan *plan,
                       guint       j)
{
  guint i = plan->linked[j];
  double least = INFINITY;
  guint q0, q1;

  plan_options (plan, i, &q0, &q1);
  for (guint q = q0; q < q1; q++)
    {
      guint o = plan_slot (plan, i, q);

      if (plan->mode[o] == STRATA_MODE_INTEGRATED)
        least = MIN (least, plan->base[o]);
    }
  return isfinite (least) ? MAX (least, 0.0) : 0.0;
}

/* What the search reads beyond the layers' options, from them and the
 * scale of the tie tolerance.  With @layer (not -1), only that layer's
 * options changed since the last call: the parts no other layer feeds are
 * worked out again (the same doubles as all of them would be). */
static void
plan_bounds (Plan   *plan,
             double  scale,
             int     layer)
{
  gboolean one = layer >= 0 && plan->fixed_ready;

  /* No strategy's tie tolerance exceeds this: a bound for pruning only
   * (meaningful only when there are linked layers, see plan_layer_at ()). */
  plan->eps = STRATA_TIE_TOLERANCE * scale;
  plan->eco_total = 0;
  for (guint i = 0; i < plan->n_layers; i++)
    plan->eco_total += plan->eco_largest[i];

  /* Lower bounds for the branch and bound: every incoming link active
   * gives the least factor (kept in plan->least_f: it depends on no
   * volume), and costs only grow with the factor (variable costs are
   * >= 0). */
  for (guint j = 0; j < plan->n_linked; j++)
    {
      double f = 1.0;

      if (one && plan->linked_pos[layer] != (int) j)
        continue;
      if (plan->fixed_ready)
        f = plan->least_f[j];
      else
        for (guint q = plan->in_start[j]; q < plan->in_start[j + 1]; q++)
          f *= plan->links[plan->in_list[q]].multiplier;
      plan->least_f[j] = f;
      plan->lb_base[j] = least_integrated_base (plan, j);
      for (int m = 0; m < 2; m++)
        {
          gboolean allowed = plan->linked_bit[j] >= 0 || (int) plan->linked_forced[j] == m;

          plan->lb_mode[2 * j + m] = allowed
                                     ? linked_cost_with (plan, j, (StrataMode) m, f).cost
                                     : INFINITY;
        }
    }

  if (plan->n_linked == 0)
    segment_compute (plan, -1, plan->n_layers, plan->seg);
  else
    {
      guint nl = plan->n_linked;
      double rem;

      /* A segment that holds no layer keeps its keys (its interface's). */
      for (guint j = 0; j <= nl; j++)
        if ((!plan->fixed_ready || !segment_empty (plan, j)) &&
            (!one || segment_holds (plan, j, (guint) layer)))
          segment_compute (plan, j == 0 ? -1 : (int) plan->linked[j - 1],
                           j < nl ? plan->linked[j] : plan->n_layers, plan->seg + 4 * j);

      /* rem_lb[j]: bound of the segments and layers from linked j up,
       * including the segment above the last linked layer. */
      rem = MIN (plan->seg[4 * nl].cost, plan->seg[4 * nl + 2].cost);
      for (guint j = nl; j-- > 0;)
        {
          const Key *seg = plan->seg + 4 * j;
          double seg_min = MIN (MIN (seg[0].cost, seg[1].cost), MIN (seg[2].cost, seg[3].cost));

          rem += seg_min + MIN (plan->lb_mode[2 * j], plan->lb_mode[2 * j + 1]);
          plan->rem_lb[j] = rem;
        }
      plan->rem_lb[nl] = MIN (plan->seg[4 * nl].cost, plan->seg[4 * nl + 2].cost);
    }
  plan->fixed_ready = TRUE;
}

static void
plan_set_volume (Plan   *plan,
                 double  volume)
{
  const PlanWindow *w = plan->window;
  /* At a window's end its candidates' learning curves are known
   * (strata-optimizer-window.c): the same doubles, without a pow (). */
  const double *known = w == NULL ? NULL : volume == w->lo ? w->curve_lo
                                         : volume == w->hi ? w->curve_hi : NULL;
  double scale = 0;

  if (plan->volume == volume)
    return;
  plan->volume = volume;

  for (guint i = 0; i < plan->n_layers; i++)
    {
      plan->largest[i] = plan_layer_at (plan, i, volume, known);
      scale += plan->largest[i] + fabs (plan->iface[i]);
    }
  plan_bounds (plan, scale, -1);
}

void
_strata_plan_refresh (Plan *plan,
                      int   layer)
{
  double scale = 0;

  g_return_if_fail (plan->window == NULL);

  if (isnan (plan->volume))
    return;
  if (layer >= 0 && (guint) layer < plan->n_layers)
    {
      plan->largest[layer] = plan_layer_at (plan, (guint) layer, plan->volume, NULL);
      _strata_plan_kept_forget (plan, layer);
    }
  for (guint i = 0; i < plan->n_layers; i++)
    scale += plan->largest[i] + fabs (plan->iface[i]);
  plan_bounds (plan, scale, layer < (int) plan->n_layers ? layer : -1);
}

/* Sets pat_mode and pat_factor of the linked layers for @pattern. */
void
_strata_plan_apply_pattern (Plan    *plan,
                            guint32  pattern)
{
  if (plan->pat_ready && plan->pat_applied == pattern)
    return;
  plan->pat_applied = pattern;
  plan->pat_ready = TRUE;
  for (guint j = 0; j < plan->n_linked; j++)
    {
      int bit = plan->linked_bit[j];

      plan->pat_mode[j] = bit < 0 ? plan->linked_forced[j]
                                  : (StrataMode) ((pattern >> bit) & 1);
      plan->pat_factor[j] = 1.0;
    }

  /* Same order as evaluate_internal (), so the products are identical. */
  for (guint k = 0; k < plan->n_links; k++)
    {
      const PlanLink *link = &plan->links[k];

      if (plan->pat_mode[link->from_pos] == STRATA_MODE_INTEGRATED &&
          plan->pat_mode[link->to_pos] == STRATA_MODE_INTEGRATED)
        plan->pat_factor[link->to_pos] *= link->multiplier;
    }
}

/* Best cost of linked layer @j in mode @m with co-design factor @f. */
static inline G_ALWAYS_INLINE Key
linked_cost_with (const Plan *plan,
                  guint       j,
                  StrataMode  m,
                  double      f)
{
  guint i = plan->linked[j];
  double best, mag = 0;
  guint q0, q1;

  if (m == STRATA_MODE_NEUTRAL || f == 1.0)
    return static_cost (plan, i, m);

  best = INFINITY;
  plan_options (plan, i, &q0, &q1);
  for (guint q = q0; q < q1; q++)
    if (plan->mode[plan_slot (plan, i, q)] == STRATA_MODE_INTEGRATED)
      {
        guint o = plan_slot (plan, i, q);
        double c = plan->base[o] * f + plan->rest[o];

        if (c < best)
          {
            best = c;
            mag = fabs (plan->base[o] * f) + plan->rest_mag[o];
          }
      }
  if (!isfinite (best))
    return key_inf;
  return (Key) { best, mag, 1 };
}

/* Best cost of linked layer @j in its pattern mode. */
static inline Key
linked_cost (const Plan *plan,
             guint       j)
{
  return linked_cost_with (plan, j, plan->pat_mode[j], plan->pat_factor[j]);
}

static Key
plan_pattern_key (Plan    *plan,
                  guint32  pattern)
{
  Key total;
  int m_prev;

  if (plan->n_linked == 0)
    return plan->seg[0];

  _strata_plan_apply_pattern (plan, pattern);

  m_prev = plan->pat_mode[0];
  total = key_add (plan->seg[m_prev], linked_cost (plan, 0));
  for (guint j = 1; j < plan->n_linked; j++)
    {
      int m = plan->pat_mode[j];

      total = key_add (total, plan->seg[4 * j + 2 * m_prev + m]);
      total = key_add (total, linked_cost (plan, j));
      m_prev = m;
    }
  total = key_add (total, plan->seg[4 * plan->n_linked + 2 * m_prev]);
  return total;
}

typedef struct
{
  Plan     *plan;
  guint    *choices_out;
  Key       best;
  guint32   best_pattern;
  gboolean  have_best;
  gboolean  best_built;   /* choices_out holds best_pattern's choices */
  gboolean  skipping;     /* skip is never offered */
  guint32   skip;
} Search;

/* Offers a complete pattern to the search. */
static void
search_offer (Search  *search,
              guint32  pattern)
{
  Plan *plan = search->plan;
  Key k;

  if ((search->have_best && pattern == search->best_pattern) ||
      (search->skipping && pattern == search->skip))
    return;

  k = plan_pattern_key (plan, pattern);
  if (!search->have_best || key_better (k, search->best))
    {
      search->best = k;
      search->best_pattern = pattern;
      search->have_best = TRUE;
      search->best_built = FALSE;
    }
  else if (key_tied (k, search->best))
    {
      /* Equally cheap, equally integrated: earlier options win. */
      if (!search->best_built)
        {
          _strata_plan_reconstruct (plan, search->best_pattern, search->choices_out, plan->n_layers);
          search->best_built = TRUE;
        }
      _strata_plan_reconstruct (plan, pattern, plan->tmp_choices, plan->n_layers);
      if (_strata_choices_compare (plan->tmp_choices, search->choices_out, plan->n_layers) < 0)
        {
          memcpy (search->choices_out, plan->tmp_choices, sizeof (guint) * plan->n_layers);
          search->best = k;
          search->best_pattern = pattern;
        }
    }
}

static guint32
dfs_pattern (const Plan *plan)
{
  guint32 pattern = 0;

  for (guint j = 0; j < plan->n_linked; j++)
    if (plan->linked_bit[j] >= 0 && plan->dfs_mode[j] == STRATA_MODE_INTEGRATED)
      pattern |= (guint32) 1 << plan->linked_bit[j];
  return pattern;
}

/* Row @d + 1 of the search's state (plan->dfs_f, plan->dfs_lost) from
 * row @d, layer @d decided: a layer decided neutral takes its links'
 * savings away from the layers it links into.  (The factor is divided
 * back: a bound, within a few roundings of the product.) */
static inline void
dfs_decide (Plan  *plan,
            guint  d)
{
  guint nl = plan->n_linked;
  const double *f0 = plan->dfs_f + d * nl;
  const guint *l0 = plan->dfs_lost + d * nl;
  double *f1 = plan->dfs_f + (d + 1) * nl;
  guint *l1 = plan->dfs_lost + (d + 1) * nl;

  memcpy (f1, f0, sizeof (double) * nl);
  memcpy (l1, l0, sizeof (guint) * nl);
  if (plan->dfs_mode[d] == STRATA_MODE_INTEGRATED)
    return;
  for (guint q = plan->out_start[d]; q < plan->out_start[d + 1]; q++)
    {
      guint c = plan->out_to[q];

      f1[c] /= plan->out_mult[q];
      l1[c]++;
    }
}

/* Linked layer @c, integrated, with the factor @f and @lost links lost
 * (row d + 1 of the state): the least its cost can be with every link
 * from a layer not yet decided active (lb_mode when none is lost; costs
 * grow with the factor).  Where many layers link into each other this
 * bound is what cuts: with every link active, 20 layers all linked to
 * each other were searched to almost every one of their 2^20 patterns. */
static inline double
pending_integrated (const Plan *plan,
                    guint       c,
                    double      f,
                    guint       lost)
{
  return lost > 0 ? linked_cost_with (plan, c, STRATA_MODE_INTEGRATED, f).cost
                  : plan->lb_mode[2 * c + STRATA_MODE_INTEGRATED];
}

/* How much more than plan->rem_lb[@d + 1] the linked layers above @d
 * cost at least, from their links with the layers decided (rem_lb takes
 * each of them at the cheaper of its modes' bounds, every link into it
 * active):
 * - a layer a layer decided neutral links into has lost that saving
 *   whatever its own mode turns out to be;
 * - a layer that links into a layer decided integrated and still
 *   waiting (pending_integrated () counts that link as active) makes
 *   that layer dearer if it runs neutral: by at least the waiting
 *   layer's least variable base times its factor times
 *   saving / (1 - saving).  Its cost is the least of lines in the factor
 *   whose slopes are at least that base, and several sources lost cost
 *   it at least the sum of what each costs alone (the factors multiply);
 * - a link between two layers not yet decided, the same way, where the
 *   target would rather run integrated and the source neutral (below).
 * Where most linked layers link into each other, the last two parts are
 * what tell a branch of many layers left neutral early. */
static double
undecided_more (Plan  *plan,
                guint  d)
{
  guint nl = plan->n_linked;
  const double *f1 = plan->dfs_f + (d + 1) * nl;
  const guint *l1 = plan->dfs_lost + (d + 1) * nl;
  double *lost = plan->lost_by, *neu = plan->dfs_neu, *integ = plan->dfs_int, more = 0;

  for (guint c = d + 1; c < nl; c++)
    lost[c] = 0;
  for (guint p = 0; p <= d; p++)
    if (plan->complete_at[p] > d && plan->dfs_mode[p] == STRATA_MODE_INTEGRATED &&
        plan->lb_base[p] > 0)
      {
        double w = plan->lb_base[p] * f1[p];

        /* Sources last first: those not yet decided. */
        for (guint r = plan->in_start[p]; r < plan->in_start[p + 1] && plan->din_from[r] > d; r++)
          lost[plan->din_from[r]] += w * plan->din_gain[r];
      }

  for (guint c = d + 1; c < nl; c++)
    {
      neu[c] = plan->lb_mode[2 * c] + lost[c];
      integ[c] = plan->lb_mode[2 * c + 1];
      if (l1[c] > 0 && isfinite (integ[c]))
        integ[c] = linked_cost_with (plan, c, STRATA_MODE_INTEGRATED, f1[c]).cost;
    }
  /* Links between two layers not yet decided: where the target would
   * rather run integrated and the source neutral, the bounds above take
   * both while counting the link as active.  Such a link costs the
   * target w (1 - x_src) x_c more (x: 1 when integrated; w its least
   * base times its factor times saving / (1 - saving), as above), which
   * is at least t (x_c - x_src) for any t from 0 to w: t is added to the
   * target's integrated bound and taken from the source's, as much as
   * neither's preference turns (each layer's bound is then the cheaper
   * of its two, still a bound). */
  for (guint c = d + 1; c < nl; c++)
    {
      double wc = plan->lb_base[c] * f1[c];

      if (!(wc > 0) || !isfinite (neu[c]) || !isfinite (integ[c]))
        continue;
      for (guint r = plan->in_start[c]; r < plan->in_start[c + 1] && plan->din_from[r] > d; r++)
        {
          guint src = plan->din_from[r];
          double t = MIN (wc * plan->din_gain[r], MIN (neu[c] - integ[c], integ[src] - neu[src]));

          if (t > 0 && isfinite (neu[src]) && isfinite (integ[src]))
            {
              integ[c] += t;
              integ[src] -= t;
            }
        }
    }
  for (guint c = d + 1; c < nl; c++)
    {
      double was = MIN (plan->lb_mode[2 * c], plan->lb_mode[2 * c + 1]), now = MIN (neu[c], integ[c]);

      if (now > was)
        more += now - was;
    }
  return more;
}

/* Depth-first over the modes of the linked layers in chain order, with
 * the cost of everything decided so far (@partial) plus lower bounds of
 * the rest.  A branch is cut only when no strategy in it can beat or tie
 * the best one: its cost bound exceeds the best cost by more than the tie
 * tolerance, or its cost cannot undercut the best beyond the tolerance
 * (with a margin of half the tolerance for rounding of the bound) while it
 * already has more integrated layers (@n_int counts the linked ones). */
static void
search_dfs (Search *search,
            guint   d,
            double  partial,
            int     n_int)
{
  Plan *plan = search->plan;
  guint nl = plan->n_linked;
  int first, last, step;

  if (d == nl)
    {
      search_offer (search, dfs_pattern (plan));
      return;
    }
  if (d == 0)
    {
      /* Row 0: nothing decided, every link active. */
      for (guint c = 0; c < nl; c++)
        {
          plan->dfs_f[c] = plan->least_f[c];
          plan->dfs_lost[c] = 0;
        }
    }

  if (plan->linked_bit[d] < 0)
    first = last = (int) plan->linked_forced[d], step = 1;
  else if (plan->lb_mode[2 * d + 1] < plan->lb_mode[2 * d])
    first = 1, last = 0, step = -1;
  else
    first = 0, last = 1, step = 1;

  for (int m = first;; m += step)
    {
      double cost = partial, pending = 0;

      plan->dfs_mode[d] = (StrataMode) m;
      dfs_decide (plan, d);
      cost += plan->seg[4 * d + 2 * (d > 0 ? plan->dfs_mode[d - 1] : 0) + m].cost;

      /* Layers whose cost is now known. */
      for (guint q = plan->comp_start[d]; q < plan->comp_start[d + 1]; q++)
        {
          guint c = plan->comp_list[q];
          StrataMode mc = plan->dfs_mode[c];
          double f = 1.0;

          if (mc == STRATA_MODE_INTEGRATED)
            for (guint r = plan->in_start[c]; r < plan->in_start[c + 1]; r++)
              {
                const PlanLink *link = &plan->links[plan->in_list[r]];

                if (plan->dfs_mode[link->from_pos] == STRATA_MODE_INTEGRATED)
                  f *= link->multiplier;
              }
          cost += linked_cost_with (plan, c, mc, f).cost;
        }

      /* Layers with a mode but waiting for a later source: at least their
       * cost with every link active but those from layers that run
       * neutral (a co-design saving lost; costs grow with the factor). */
      for (guint c = 0; c <= d; c++)
        if (plan->complete_at[c] > d)
          pending += plan->dfs_mode[c] == STRATA_MODE_INTEGRATED
                     ? pending_integrated (plan, c, plan->dfs_f[(d + 1) * nl + c],
                                           plan->dfs_lost[(d + 1) * nl + c])
                     : plan->lb_mode[2 * c];

      if (search->have_best)
        {
          double bound = cost + pending + plan->rem_lb[d + 1];

          /* Where the bound alone does not cut yet, what the layers above
           * lose to the layers decided, or cost them if neutral, may. */
          if (!(bound > search->best.cost + 2 * plan->eps))
            bound += undecided_more (plan, d);

          /* plan->eps bounds the tolerance of any pair, the best's own
           * tolerance bounds what a more integrated strategy must save.
           * A strategy of the branch costs at least the bound, and its
           * magnitude is at most its cost plus twice plan->eco_total: it
           * neither beats nor ties the best when even the bound exceeds
           * the best by more than the larger tolerance of the two.  The
           * second test cuts where one absurd option (a margin a hair
           * below 1, a price of 1e15) makes plan->eps cover every pair. */
          if (bound > search->best.cost + 2 * plan->eps ||
              bound - search->best.cost > 2 * STRATA_TIE_TOLERANCE *
                                          MAX (bound + 2 * plan->eco_total, search->best.mag))
            goto next;
          if (bound >= search->best.cost - 0.5 * STRATA_TIE_TOLERANCE * search->best.mag &&
              n_int + m > search->best.n_integrated)
            goto next;
        }
      search_dfs (search, d + 1, cost, n_int + m);

    next:
      if (m == last)
        break;
    }
}

/* Writes the optimum at @volume into @choices_out, layers 0 .. @n_walk
 * - 1 (the others are left unspecified, unless a tie between patterns
 * needs every choice).  @hint, when not NULL, is a pattern to try first
 * (the optimum at a nearby volume), which tightens the bound from the
 * start; it never changes the answer.  FALSE when no strategy has a
 * finite cost (the all-neutral preset is written). */
static gboolean
optimize_walk (Plan    *plan,
               double   volume,
               guint   *choices_out,
               guint32 *hint,
               guint    n_walk)
{
  Search search = { plan, choices_out, key_inf, 0, FALSE, FALSE, FALSE, 0 };

  plan_set_volume (plan, volume);

  if (plan->n_linked == 0)
    search_offer (&search, 0);
  else
    {
      if (hint != NULL)
        search_offer (&search, *hint);
      search_dfs (&search, 0, 0.0, 0);
    }

  if (!isfinite (search.best.cost))
    {
      /* No strategy has a finite cost at this volume (fixed costs spread
       * over a vanishing volume, a learning curve run back to overflow):
       * they are all tied, so section 5's tie rules pick the fewest
       * integrated layers, then the earliest options, which is the
       * all-neutral preset. */
      for (guint i = 0; i < plan->n_layers; i++)
        {
          int first = strata_layer_first_of_mode (&plan->dataset->layers[i],
                                                  STRATA_MODE_NEUTRAL);
          choices_out[i] = first < 0 ? 0 : (guint) first;
        }
    }
  else if (!search.best_built)
    _strata_plan_reconstruct (plan, search.best_pattern, choices_out, n_walk);
  if (hint != NULL)
    *hint = search.best_pattern;
  return isfinite (search.best.cost);
}

double
_strata_plan_other_patterns (Plan    *plan,
                             double   volume,
                             guint32  skip)
{
  g_autofree guint *choices = g_new (guint, MAX (plan->n_layers, 1));
  Search search = { plan, choices, key_inf, 0, FALSE, FALSE, TRUE, skip };

  if (plan->n_linked == 0)
    return INFINITY;
  plan_set_volume (plan, volume);
  search_dfs (&search, 0, 0.0, 0);
  /* A branch as cheap as the best but more integrated is cut (within
   * the tolerance of its cost, the figure's precision here). */
  return search.have_best ? search.best.cost : INFINITY;
}

void
_strata_plan_optimize_hinted (Plan    *plan,
                              double   volume,
                              guint   *choices_out,
                              guint32 *hint)
{
  optimize_walk (plan, volume, choices_out, hint, plan->n_layers);
}

/* Where the search kept option @k of layer @i's costs (plan_slot ()),
 * or G_MAXUINT when it did not look at it. */
static guint
plan_option_slot (const Plan *plan,
                  guint       i,
                  guint       k)
{
  guint q0, q1;

  if (plan->window == NULL)
    return plan->opt_offset[i] + k;
  plan_options (plan, i, &q0, &q1);
  for (guint q = q0; q < q1; q++)
    if (plan_option_at (plan, q) == k)
      return q;
  return G_MAXUINT;
}

/* The ladder's grid point (strata-ladder.c): the optimum at @volume,
 * and for each layer i the variable base of its option (the same double
 * as option_variable_base () at @volume, worked out for the search) in
 * @bases_out[i], with @known_out[i] its option, or G_MAXUINT where it is
 * not known (an option the search did not look at: the all-neutral
 * preset's when no cost is finite, or a fallback of plan_reconstruct ()).
 * For _strata_objective_unit_cost_known (): the cost without a second
 * pow () per layer. */
void
_strata_plan_optimize_bases (Plan    *plan,
                             double   volume,
                             guint   *choices_out,
                             guint   *known_out,
                             double  *bases_out)
{
  gboolean finite = optimize_walk (plan, volume, choices_out, NULL, plan->n_layers);

  for (guint i = 0; i < plan->n_layers; i++)
    {
      guint o = finite && plan->volume == volume ? plan_option_slot (plan, i, choices_out[i])
                                                 : G_MAXUINT;

      known_out[i] = o != G_MAXUINT ? choices_out[i] : G_MAXUINT;
      bases_out[i] = o != G_MAXUINT ? plan->base[o] : NAN;
    }
}

/* The ladder's step (strata-ladder.c): only layers 0 .. @layer of the
 * optimum are written. */
void
_strata_plan_optimize_below (Plan   *plan,
                             double  volume,
                             guint  *choices_out,
                             guint   layer)
{
  optimize_walk (plan, volume, choices_out, NULL, layer + 1);
}

static void
plan_optimize (Plan   *plan,
               double  volume,
               guint  *choices_out)
{
  _strata_plan_optimize_hinted (plan, volume, choices_out, NULL);
}

double
strata_optimize_full (const StrataDataset *dataset,
                      StrataObjective      objective,
                      double               volume,
                      guint               *choices_out)
{
  PlanBuffer buffer;
  g_autoptr(Plan) plan = NULL;

  g_return_val_if_fail (dataset != NULL, NAN);
  g_return_val_if_fail (choices_out != NULL, NAN);
  g_return_val_if_fail (volume > 0 && isfinite (volume), NAN);

  plan = _strata_plan_new_in (dataset, objective, &buffer);
  if (plan == NULL)
    {
      memset (choices_out, 0, sizeof (guint) * dataset->n_layers);
      return NAN;
    }
  plan_optimize (plan, volume, choices_out);

  return strata_objective_unit_cost (dataset, choices_out, objective, volume);
}

