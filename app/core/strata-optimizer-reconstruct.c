/* strata-optimizer-reconstruct.c: the choices of the best strategy of a
 * mode pattern (MODEL.md section 5)
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-model"

#include "config.h"

#include <math.h>

#include "strata-optimizer-private.h"

/*
 * The search (strata-optimizer.c) finds the best mode pattern of the
 * linked layers by its key; the choices of that pattern's best strategy,
 * with section 5's tie rules, come from a DP over the whole chain and a
 * walk from the bottom that takes in each layer the first option that
 * still reaches the best total.  The walk passes over the options too
 * dear to be the best or tied with it (reconstruct_far ()): most options
 * of a long layer, when the plan looks at every option.
 */

static inline gboolean
layer_mode_allowed (const Plan *plan,
                    guint       i,
                    int         m)
{
  int j = plan->linked_pos[i];

  if (j >= 0)
    return (int) plan->pat_mode[j] == m;
  return (plan->modes_present[i] & (1 << m)) != 0;
}

/* The key of the option of layer @i whose costs are at @o (plan_slot ()). */
static inline Key
option_key (const Plan *plan,
            guint       i,
            guint       o)
{
  if (plan->mode[o] == STRATA_MODE_INTEGRATED)
    return (Key) { plan->base[o] * plan->factor[i] + plan->rest[o],
                   fabs (plan->base[o] * plan->factor[i]) + plan->rest_mag[o], 1 };
  return (Key) { plan->base[o] + plan->rest[o], fabs (plan->base[o]) + plan->rest_mag[o], 0 };
}

/* option_key () of option @k of layer @i, which the search may not have
 * looked at (a fallback of _strata_plan_reconstruct ()): worked out when it is
 * not among the window's candidates. */
static Key
option_key_any (const Plan *plan,
                guint       i,
                guint       k)
{
  const StrataOption *option = &plan->dataset->layers[i].options[k];
  double base, fixed, eco, f;
  guint q0, q1;

  plan_options (plan, i, &q0, &q1);
  for (guint q = q0; q < q1; q++)
    if (plan_option_at (plan, q) == k)
      return option_key (plan, i, plan_slot (plan, i, q));
  base = plan_variable_base (plan, i, k, plan->volume);
  fixed = option->fixed_cost.value / plan->volume;
  eco = plan->objective == STRATA_OBJECTIVE_CASH ? 0.0 : option->ecosystem_value.value;
  f = option->mode == STRATA_MODE_INTEGRATED ? plan->factor[i] : 1.0;
  return (Key) { base * f + (fixed - eco), fabs (base * f) + (fabs (fixed) + fabs (eco)),
                 option->mode == STRATA_MODE_INTEGRATED };
}

/* The best key of layers above @i given the mode @m of layer @i. */
static inline Key
above_key (const Plan *plan,
           guint       i,
           int         m)
{
  Key a, b;

  if (i + 1 >= plan->n_layers)
    return key_zero;
  a = key_add (plan->suffix[2 * (i + 1) + 0], iface_key (plan, i, m, 0));
  b = key_add (plan->suffix[2 * (i + 1) + 1], iface_key (plan, i, m, 1));
  return key_min (a, b);
}

/* Layer @i's choice when no total is finite (a dataset built by hand
 * with costs that overflow): the best seen (@best_k), else the first
 * option of an allowed mode.  Never an assertion on user data. */
static guint
fallback_choice (const Plan *plan,
                 guint       i,
                 guint       best_k)
{
  const StrataLayer *layer = &plan->dataset->layers[i];
  guint chosen = best_k;

  for (guint k = 0; chosen == G_MAXUINT && k < layer->n_options; k++)
    if (layer_mode_allowed (plan, i, layer->options[k].mode))
      chosen = k;
  return chosen == G_MAXUINT ? 0 : chosen;
}

/* The walk past layer @i, which chose option @chosen (at slot
 * @chosen_o, G_MAXUINT when the walk did not find one): its key and the
 * interface below it added to *@prefix, its mode into *@m_prev.  The
 * mode comes from the plan's byte when the slot is known (a StrataOption
 * is hundreds of bytes: reading it was a cache miss a layer, a sixth of a
 * long walk's time). */
static G_ALWAYS_INLINE inline void
walk_past (const Plan *plan,
           guint       i,
           guint       chosen,
           guint       chosen_o,
           Key        *prefix,
           int        *m_prev)
{
  int mode = chosen_o != G_MAXUINT ? plan->mode[chosen_o]
                                   : (int) plan->dataset->layers[i].options[chosen].mode;

  *prefix = key_add (*prefix, chosen_o != G_MAXUINT ? option_key (plan, i, chosen_o)
                                                    : option_key_any (plan, i, chosen));
  if (*m_prev >= 0)
    *prefix = key_add (*prefix, iface_key (plan, i - 1, *m_prev, mode));
  *m_prev = mode;
}

/* The first pass's totals of a layer kept for its second. */
#define RECONSTRUCT_KEPT 64
/* Layers of no more candidates are walked without reconstruct_far (). */
#define FAR_MIN_OPTIONS 8

gboolean _strata_plan_far_disabled = FALSE;

/* Per mode, an option cost of layer @i above which an option's total is
 * neither the best nor tied with it, nor better than any total the walk's
 * first pass holds before it that the mode's least option would not also
 * beat: the mode's least cost (the first loop's, layer_least) plus 1e-9
 * of a bound of every total's magnitude, a thousand times the tie
 * tolerance, far above the rounding of the sums.  Such an option is
 * passed over (most options of a long layer; a quarter of switch points'
 * time at 256 x 32); INFINITY where a total would not be finite, or where
 * the layer has so few candidates (as in a window, which leaves few) that
 * the test would cost more. */
static void
reconstruct_far (const Plan *plan, guint i, guint n_options, Key prefix, const Key joint[2],
                 const Key tail[2], double far[2])
{
  double mag;

  far[0] = far[1] = INFINITY;
  if (n_options <= FAR_MIN_OPTIONS)
    return;
  mag = prefix.mag + plan->layer_mag[i] + MAX (joint[0].mag, joint[1].mag) +
        MAX (isfinite (tail[0].cost) ? tail[0].mag : 0, isfinite (tail[1].cost) ? tail[1].mag : 0);
  for (int m = 0; m < 2; m++)
    if (isfinite (plan->layer_least[2 * i + m]) && isfinite (mag) &&
        isfinite (prefix.cost + joint[m].cost + tail[m].cost))
      far[m] = plan->layer_least[2 * i + m] + 1e-9 * mag;
}

/* The choices of the best strategy within @pattern: the per-layer DP over
 * the whole chain with the linked layers' modes fixed, then a walk from
 * the bottom that takes, in each layer, the first option that still
 * reaches the best key.  The walk stops after layer @n_walk - 1 (a
 * layer's choice depends only on the DP and the layers below it, so the
 * choices below are the same). */
/* The DP's layer @i, as the walk's first loop below, keeping for
 * reconstruct_far () the least costs and the largest magnitude. */
static void
dp_layer_far (Plan  *plan,
              guint  i)
{
  Key c[2] = { key_inf, key_inf }, k;
  gboolean allowed[2] = { layer_mode_allowed (plan, i, 0), layer_mode_allowed (plan, i, 1) };
  double mag = 0;
  guint q0, q1;

  plan_options (plan, i, &q0, &q1);
  for (guint q = q0; q < q1; q++)
    {
      guint o = plan_slot (plan, i, q);
      int m = plan->mode[o];

      if (allowed[m])
        {
          k = option_key (plan, i, o);
          c[m] = key_min (c[m], k);
          mag = MAX (mag, k.mag);
        }
    }
  for (int m = 0; m < 2; m++)
    {
      plan->suffix[2 * i + m] = isfinite (c[m].cost)
                                ? key_add (c[m], above_key (plan, i, m))
                                : key_inf;
      plan->layer_least[2 * i + m] = c[m].cost;
    }
  plan->layer_mag[i] = mag;
}

/* What the reconstruction keeps of a layer no link touches, between
 * solves at one volume (_strata_plan_keep_layers ()): dp_layer_far ()'s
 * least key by mode and largest magnitude (the same doubles), and the
 * options the walk can take: those whose cost lies within KEPT_NEAR of a
 * bound of every total's magnitude above their mode's least, with, by
 * mode, the least cost of one left out.  A walk whose far[] lies below
 * that (walk_layer_far () passes over every option dearer than far[])
 * walks the kept ones only, in the same order. */
#define KEPT_NEAR 4e-9

typedef struct
{
  Key      least[2];
  double   mag;
  double   left_out[2];
  guint    near_start, n_near;  /* in PlanKept.near: positions q, ascending */
  double   factor;              /* the co-design factor and the modes allowed */
  int      allowed;             /* they were worked out for (a linked layer's
                                 * change with the mode pattern) */
  gboolean valid;
} LayerKept;

struct _PlanKept
{
  double     volume;
  LayerKept *layers;   /* n_layers */
  guint     *near;     /* n_options: a layer's at its opt_offset */
};

/* The walk's layer @i after @prefix, the layer below in mode @m_prev
 * (-1: none), as the walk below, passing over the options
 * reconstruct_far () tells (when the plan keeps the layer, walking only
 * the kept options if far[] leaves out every other): its choice, *@o_out
 * its slot (G_MAXUINT when no total is finite: the fallback's choice). */
static guint
walk_layer_far (Plan  *plan,
                guint  i,
                Key    prefix,
                int    m_prev,
                guint *o_out)
{
  Key best = key_inf, tail[2] = { key_inf, key_inf }, joint[2] = { key_zero, key_zero };
  Key totals[RECONSTRUCT_KEPT];
  guint best_k = G_MAXUINT;
  gboolean allowed[2];
  double far[2];
  guint q0, q1, n_walked;
  const guint *list = NULL;

  for (int m = 0; m < 2; m++)
    {
      allowed[m] = layer_mode_allowed (plan, i, m);
      if (m_prev >= 0)
        joint[m] = iface_key (plan, i - 1, m_prev, m);
      if (allowed[m])
        tail[m] = above_key (plan, i, m);
    }
  plan_options (plan, i, &q0, &q1);
  reconstruct_far (plan, i, q1 - q0, prefix, joint, tail, far);
  n_walked = q1 - q0;
  if (plan->kept != NULL && plan->kept->layers[i].valid)
    {
      /* Only the kept options, when far[] leaves out the others. */
      const LayerKept *lk = &plan->kept->layers[i];

      if ((!allowed[0] || far[0] < lk->left_out[0]) && (!allowed[1] || far[1] < lk->left_out[1]))
        {
          list = plan->kept->near + lk->near_start;
          n_walked = lk->n_near;
        }
    }
  for (int pass = 0; pass < 2; pass++)
    for (guint r = 0; r < n_walked; r++)
      {
        guint q = list != NULL ? list[r] : q0 + r;
        guint k = plan_option_at (plan, q), o = plan_slot (plan, i, q);
        int m = plan->mode[o];
        Key t, ok;

        if (!allowed[m])
          continue;
        if (pass == 1 && r < RECONSTRUCT_KEPT)
          t = totals[r];
        else if ((ok = option_key (plan, i, o)).cost > far[m])
          {
            /* Passed over: never the best, never tied. */
            if (pass == 0 && r < RECONSTRUCT_KEPT)
              totals[r] = key_inf;
            continue;
          }
        else
          {
            t = key_add (prefix, ok);
            if (m_prev >= 0)
              t = key_add (t, joint[m]);
            t = key_add (t, tail[m]);
          }

        if (pass == 0)
          {
            if (r < RECONSTRUCT_KEPT)
              totals[r] = t;
            if (best_k == G_MAXUINT || key_better (t, best))
              best_k = k;
            best = key_min (best, t);
          }
        else if (key_tied (t, best))
          {
            *o_out = o;
            return k;
          }
      }
  *o_out = G_MAXUINT;
  return fallback_choice (plan, i, best_k);
}

void
_strata_plan_keep_layers (Plan *plan)
{
  if (plan->kept != NULL)
    return;
  plan->kept = g_new0 (struct _PlanKept, 1);
  plan->kept->volume = NAN;
  plan->kept->layers = g_new0 (LayerKept, MAX (plan->n_layers, 1));
  plan->kept->near = g_new (guint, MAX (plan->n_options, 1));
}

void
_strata_plan_kept_forget (Plan *plan,
                          int   layer)
{
  struct _PlanKept *kept = plan->kept;

  if (kept == NULL)
    return;
  if (layer >= 0 && (guint) layer < plan->n_layers)
    kept->layers[layer].valid = FALSE;
  else
    kept->volume = NAN;
}

void
_strata_plan_kept_free (Plan *plan)
{
  if (plan->kept == NULL)
    return;
  g_free (plan->kept->layers);
  g_free (plan->kept->near);
  g_clear_pointer (&plan->kept, g_free);
}

/* dp_layer_far () of layer @i from what is kept (worked out and kept
 * first when it is not, or was for another co-design factor or other
 * modes allowed). */
static void
dp_layer_kept (Plan  *plan,
               guint  i)
{
  LayerKept *lk = &plan->kept->layers[i];
  int allowed = layer_mode_allowed (plan, i, 0) | (layer_mode_allowed (plan, i, 1) << 1);

  if (!lk->valid || lk->factor != plan->factor[i] || lk->allowed != allowed)
    {
      double near_scale = KEPT_NEAR * plan->eps / STRATA_TIE_TOLERANCE;
      guint q0, q1, *near = plan->kept->near + plan->opt_offset[i];

      dp_layer_far (plan, i);
      for (int m = 0; m < 2; m++)
        {
          lk->least[m] = key_inf;
          lk->left_out[m] = INFINITY;
        }
      plan_options (plan, i, &q0, &q1);
      for (guint q = q0; q < q1; q++)
        {
          guint o = plan_slot (plan, i, q);
          int m = plan->mode[o];

          if (layer_mode_allowed (plan, i, m))
            lk->least[m] = key_min (lk->least[m], option_key (plan, i, o));
        }
      lk->n_near = 0;
      lk->near_start = plan->opt_offset[i];
      for (guint q = q0; q < q1; q++)
        {
          guint o = plan_slot (plan, i, q);
          int m = plan->mode[o];
          double c;

          if (!layer_mode_allowed (plan, i, m))
            continue;
          c = option_key (plan, i, o).cost;
          if (c <= lk->least[m].cost + near_scale)
            near[lk->n_near++] = q;
          else
            lk->left_out[m] = MIN (lk->left_out[m], c);
        }
      lk->mag = plan->layer_mag[i];
      lk->factor = plan->factor[i];
      lk->allowed = allowed;
      lk->valid = TRUE;
      return;
    }
  for (int m = 0; m < 2; m++)
    {
      plan->suffix[2 * i + m] = isfinite (lk->least[m].cost)
                                ? key_add (lk->least[m], above_key (plan, i, m))
                                : key_inf;
      plan->layer_least[2 * i + m] = lk->least[m].cost;
    }
  plan->layer_mag[i] = lk->mag;
}

/* The walk with long layers passed over (a plan without a window with a
 * layer of more than FAR_MIN_OPTIONS options): the same choices. */
static void
reconstruct_wide (Plan  *plan,
                  guint *choices,
                  guint  n_walk)
{
  struct _PlanKept *kept = plan->kept;
  guint n = plan->n_layers;
  Key prefix = key_zero;
  int m_prev = -1;

  if (kept != NULL && kept->volume != plan->volume)
    {
      for (guint i = 0; i < n; i++)
        kept->layers[i].valid = FALSE;
      kept->volume = plan->volume;
    }
  for (guint i = n; i-- > 0;)
    if (kept != NULL)
      dp_layer_kept (plan, i);
    else
      dp_layer_far (plan, i);
  for (guint i = 0; i < MIN (n, n_walk); i++)
    {
      guint chosen_o, chosen = walk_layer_far (plan, i, prefix, m_prev, &chosen_o);

      choices[i] = chosen;
      walk_past (plan, i, chosen, chosen_o, &prefix, &m_prev);
    }
}

void
_strata_plan_reconstruct (Plan    *plan,
                          guint32  pattern,
                          guint   *choices,
                          guint    n_walk)
{
  guint n = plan->n_layers;
  Key prefix = key_zero;
  int m_prev = -1;

  _strata_plan_apply_pattern (plan, pattern);
  for (guint i = 0; i < n; i++)
    {
      int j = plan->linked_pos[i];
      plan->factor[i] = j >= 0 ? plan->pat_factor[j] : 1.0;
    }
  if (plan->window == NULL && plan->longest > FAR_MIN_OPTIONS && !_strata_plan_far_disabled)
    {
      reconstruct_wide (plan, choices, n_walk);
      return;
    }

  for (guint i = n; i-- > 0;)
    {
      Key c[2] = { key_inf, key_inf };
      gboolean allowed[2] = { layer_mode_allowed (plan, i, 0), layer_mode_allowed (plan, i, 1) };
      guint q0, q1;

      plan_options (plan, i, &q0, &q1);
      for (guint q = q0; q < q1; q++)
        {
          guint o = plan_slot (plan, i, q);
          int m = plan->mode[o];

          if (allowed[m])
            c[m] = key_min (c[m], option_key (plan, i, o));
        }
      for (int m = 0; m < 2; m++)
        plan->suffix[2 * i + m] = isfinite (c[m].cost)
                                  ? key_add (c[m], above_key (plan, i, m))
                                  : key_inf;
    }

  for (guint i = 0; i < MIN (n, n_walk); i++)
    {
      Key best = key_inf, tail[2] = { key_inf, key_inf }, joint[2] = { key_zero, key_zero };
      Key totals[RECONSTRUCT_KEPT];
      guint chosen = 0, best_k = G_MAXUINT, chosen_o = G_MAXUINT;
      gboolean found = FALSE, allowed[2];
      guint q0, q1;

      /* What follows the option in each mode's total (the same doubles
       * for every option of the mode, added in the same order). */
      for (int m = 0; m < 2; m++)
        {
          allowed[m] = layer_mode_allowed (plan, i, m);
          if (m_prev >= 0)
            joint[m] = iface_key (plan, i - 1, m_prev, m);
          if (allowed[m])
            tail[m] = above_key (plan, i, m);
        }

      /* The best reachable total, then the first option that reaches it
       * (the totals of the first pass kept for the second). */
      plan_options (plan, i, &q0, &q1);
      for (int pass = 0; pass < 2 && !found; pass++)
        for (guint q = q0; q < q1; q++)
          {
            guint k = plan_option_at (plan, q), o = plan_slot (plan, i, q);
            int m = plan->mode[o];
            Key t;

            if (!allowed[m])
              continue;
            if (pass == 1 && q - q0 < RECONSTRUCT_KEPT)
              t = totals[q - q0];
            else
              {
                t = key_add (prefix, option_key (plan, i, o));
                if (m_prev >= 0)
                  t = key_add (t, joint[m]);
                t = key_add (t, tail[m]);
              }

            if (pass == 0)
              {
                if (q - q0 < RECONSTRUCT_KEPT)
                  totals[q - q0] = t;
                if (best_k == G_MAXUINT || key_better (t, best))
                  best_k = k;
                best = key_min (best, t);
              }
            else if (key_tied (t, best))
              {
                chosen = k;
                chosen_o = o;
                found = TRUE;
                break;
              }
          }

      if (!found)
        chosen = fallback_choice (plan, i, best_k);
      choices[i] = chosen;
      walk_past (plan, i, chosen, chosen_o, &prefix, &m_prev);
    }
}
