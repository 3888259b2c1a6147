/* strata-switchpoints-delta.c: the sign of savings_npv at a moved
 * number from today's NPVs and the layers the number and the adopted
 * choices touch (MODEL.md 6 and 8)
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

#include "strata-switchpoints-private.h"

/*
 * A decision of savings_npv (strata-switchpoints-fields.c) works out the
 * NPV of two plans over every layer and year: adopting A now, and the
 * start plan that never switches.  A walk moves one number of one option
 * k of layer L, and adopting the optimum its first year's choices move
 * in a layer or two at most; each plan's NPV is, in exact arithmetic, a
 * sum over layers of what each layer pays over the years (its running
 * option's variable cost times its co-design factor, its fixed cost, the
 * interface above it, its capex and exit cost, less its ecosystem value),
 * and a layer's part reads only its own plan, the running option of the
 * layer above it (the interface) and of the sources of the links into it
 * (the factor).  So the NPV at the moved number is today's plus the
 * change of the parts of the layers that differ, of L, of the layer
 * below each of them and of the targets of their links.
 *
 * That sum and the walk's own (the whole plan's, strata_plan_npv ()'s
 * order) round differently.  Both are within gamma * M of the exact
 * value, M the sum of the absolute values of every term and gamma a
 * generous multiple of the number of roundings times DBL_EPSILON; so when
 * the savings so found clear the tie tolerance of
 * _strata_switch_cheaper_of () by the two sums' bounds together, the
 * walk's own NPVs have that sign too, and are not worked out.  Else (a
 * sign near zero, many layers changed, a number that is not one option's,
 * a start that moves with the numbers) the caller
 * works them out as before.
 */

/* More changed layers than this and the whole NPVs are as cheap. */
#define DELTA_MAX_LAYERS 64

struct _SavingsDelta
{
  gboolean         ok;
  guint            n;
  StrataLayerPlan *adopt0;  /* today's adopted plan */
  double           npv_a0;  /* its NPV and the start plan's, the walk's own doubles */
  double           npv_s0;
  double          *part_a;  /* per layer: its part of each NPV, and the sum of */
  double          *part_s;  /* the absolute values of its terms */
  double          *mag_a;
  double          *mag_s;
  double           mag_a0;  /* the sums of those over every layer */
  double           mag_s0;
  double           gamma;
  guint           *out_start; /* the links out of each layer: [out_start[l], */
  guint           *out_links; /* out_start[l + 1]) of out_links */
  HorizonCtx      *own;     /* (owned) (nullable) with cumulative learning: a context
                             * without a table, reading the sample's numbers */
  guint           *stamp;   /* per layer: the decision that listed it */
  guint            epoch;
  guint           *list;
};

void
_strata_switch_savings_delta_free (SavingsDelta *delta)
{
  if (delta == NULL)
    return;
  g_clear_pointer (&delta->own, _strata_horizon_ctx_free);
  g_free (delta->adopt0);
  g_free (delta->part_a);
  g_free (delta->part_s);
  g_free (delta->mag_a);
  g_free (delta->mag_s);
  g_free (delta->out_start);
  g_free (delta->out_links);
  g_free (delta->stamp);
  g_free (delta->list);
  g_free (delta);
}

/* The option layer @l runs in year @t under @plans. */
static inline guint
running (const HorizonCtx      *c,
         const StrataLayerPlan *plans,
         guint                  l,
         guint                  t)
{
  return t >= _strata_plan_runs_from (c, l, &plans[l]) ? plans[l].option : c->start[l];
}

/* The context the parts are worked out on, the doubles of the walk's own
 * NPVs: with annual learning the finder's (its table's moved row worked
 * out again); with cumulative learning, whose units depend on the plan,
 * one without a table, which reads the sample's numbers as they are, as
 * strata_plan_npv () does. */
static HorizonCtx *
delta_ctx (Finder       *finder,
           SavingsDelta *delta)
{
  if (finder->sample.copy.horizon->learning == STRATA_LEARNING_ANNUAL)
    return _strata_switch_npv_ctx (finder);
  if (delta->own == NULL)
    delta->own = _strata_horizon_ctx_new (&finder->sample.copy);
  return delta->own;
}

/* Layer @l's part of the NPV of @plans (the terms simulate_year () adds
 * for it, discounted), and in *@magnitude the sum of their absolute
 * values. */
static double
layer_part (const HorizonCtx       *c,
            const StrataLayerPlan  *plans,
            guint                   l,
            StrataHorizonObjective  objective,
            double                 *magnitude)
{
  const StrataDataset *ds = c->ds;
  const StrataLayerPlan *p = &plans[l];
  guint r = _strata_plan_runs_from (c, l, p);
  double npv = 0, mag = 0;

  for (guint t = 0; t < c->years; t++)
    {
      guint run = t >= r ? p->option : c->start[l];
      const StrataOption *o = &ds->layers[l].options[run];
      double v = c->volume[t];
      double variable = _strata_plan_variable (c, l, run, p, t);
      double fixed = o->fixed_cost.value / v;
      double iface = 0, capex = 0, exit = 0, eco, cash;

      if (o->mode == STRATA_MODE_INTEGRATED)
        for (guint q = c->in_start[l]; q < c->in_start[l + 1]; q++)
          {
            const StrataLink *link = &ds->links[c->in_links[q]];

            if (ds->layers[link->from].options[running (c, plans, link->from, t)].mode ==
                STRATA_MODE_INTEGRATED)
              variable *= 1.0 - link->saving.value;
          }
      if (l + 1 < c->n_layers &&
          !(o->mode == STRATA_MODE_INTEGRATED &&
            ds->layers[l + 1].options[running (c, plans, l + 1, t)].mode == STRATA_MODE_INTEGRATED))
        iface = c->interface[l];
      if (p->decide_year >= 0)
        {
          capex = _strata_plan_capex (c, l, p, t);
          if (r == t)
            exit = ds->layers[l].options[c->start[l]].exit_cost.value;
        }
      eco = o->ecosystem_value.value * v;
      cash = (variable + fixed + iface) * v + capex + exit;
      npv += c->discount[t] * (objective == STRATA_HORIZON_CASH ? cash : cash - eco);
      mag += c->discount[t] * ((fabs (variable) + fabs (fixed) + fabs (iface)) * v + fabs (capex) +
                               fabs (exit) + fabs (eco));
    }
  *magnitude = mag;
  return npv;
}

/* Today's plans and their parts by layer, at today's numbers (the moved
 * one put back for the while). */
static SavingsDelta *
delta_new (Finder                 *finder,
           StrataHorizonObjective  objective)
{
  const StrataDataset *copy = &finder->sample.copy;
  const StrataSwitchPoints *points = finder->points;
  const StrataSwitchField *f = &g_array_index (points->fields, StrataSwitchField, finder->moved);
  guint n = copy->n_layers;
  SavingsDelta *delta = g_new0 (SavingsDelta, 1);
  g_autofree StrataLayerPlan *never = g_new (StrataLayerPlan, MAX (n, 1));
  g_autofree guint *adopted = g_new (guint, MAX (n, 1));
  double *slot = finder->slots[finder->moved], keep = *slot;
  int moved = finder->moved;
  const guint *t;
  HorizonCtx *c;

  delta->n = n;
  *slot = f->value;
  finder->moved = -1;
  c = delta_ctx (finder, delta);
  t = points->a->choices != NULL ? points->a->choices : _strata_switch_d0 (finder);
  if (c != NULL && t != NULL)
    {
      memcpy (adopted, t, sizeof (guint) * n);
      delta->adopt0 = g_new (StrataLayerPlan, MAX (n, 1));
      delta->ok = strata_roadmap_adopt (copy, adopted, delta->adopt0, NULL);
    }
  if (delta->ok)
    {
      for (guint l = 0; l < n; l++)
        {
          never[l].option = points->b->choices[l];
          never[l].decide_year = -1;
        }
      delta->npv_a0 = _strata_plan_npv_ctx (c, delta->adopt0, objective);
      delta->npv_s0 = _strata_plan_npv_ctx (c, never, objective);
      delta->part_a = g_new (double, MAX (n, 1));
      delta->part_s = g_new (double, MAX (n, 1));
      delta->mag_a = g_new (double, MAX (n, 1));
      delta->mag_s = g_new (double, MAX (n, 1));
      for (guint l = 0; l < n; l++)
        {
          delta->part_a[l] = layer_part (c, delta->adopt0, l, objective, &delta->mag_a[l]);
          delta->part_s[l] = layer_part (c, never, l, objective, &delta->mag_s[l]);
          delta->mag_a0 += delta->mag_a[l];
          delta->mag_s0 += delta->mag_s[l];
        }
      /* Roundings a sum: two a layer and year's terms, the links' factors,
       * the years; eight times that. */
      delta->gamma = 8.0 * (2.0 * n + copy->n_links + 2.0 * c->years + 64.0) * DBL_EPSILON;
      delta->ok = isfinite (delta->npv_a0) && isfinite (delta->npv_s0) &&
                  isfinite (delta->mag_a0) && isfinite (delta->mag_s0);

      delta->out_start = g_new0 (guint, n + 1);
      delta->out_links = g_new (guint, MAX (copy->n_links, 1));
      for (guint k = 0; k < copy->n_links; k++)
        delta->out_start[copy->links[k].from + 1]++;
      for (guint l = 0; l < n; l++)
        delta->out_start[l + 1] += delta->out_start[l];
      {
        g_autofree guint *fill = g_memdup2 (delta->out_start, sizeof (guint) * (n + 1));

        for (guint k = 0; k < copy->n_links; k++)
          delta->out_links[fill[copy->links[k].from]++] = copy->links[k].to;
      }
      delta->stamp = g_new0 (guint, MAX (n, 1));
      delta->list = g_new (guint, 3 * DELTA_MAX_LAYERS + copy->n_links + 1);
    }
  *slot = keep;
  finder->moved = moved;
  return delta;
}

static gint delta_told;

guint
_strata_switch_savings_delta_take_told (void)
{
  return (guint) g_atomic_int_and (&delta_told, 0);
}

/* Appends @l to the decision's list once. */
static inline void
list_add (SavingsDelta *delta,
          guint        *len,
          guint         l)
{
  if (delta->stamp[l] == delta->epoch)
    return;
  delta->stamp[l] = delta->epoch;
  delta->list[(*len)++] = l;
}

gboolean
_strata_switch_savings_delta (Finder                 *finder,
                              const StrataLayerPlan  *adopt,
                              StrataHorizonObjective  objective,
                              StrataSwitchCheaper    *out)
{
  const StrataSwitchPoints *points = finder->points;
  const StrataSwitchField *f;
  SavingsDelta *delta;
  HorizonCtx *c;
  guint n_changed = 0, len = 0;
  double d_a = 0, d_s = 0, mag_a, mag_s, abs_parts = 0, a, b, diff, err;

  if (finder->moved < 0 || points->b->choices == NULL || finder->slots[finder->moved] == NULL)
    return FALSE;
  f = &g_array_index (points->fields, StrataSwitchField, finder->moved);
  if (f->kind != STRATA_SWITCH_FIELD_OPTION)
    return FALSE;
  if (finder->delta == NULL)
    finder->delta = delta_new (finder, objective);
  delta = finder->delta;
  if (!delta->ok || (c = delta_ctx (finder, delta)) == NULL)
    return FALSE;

  /* The layers whose plan differs from today's adopted one, and L. */
  if (++delta->epoch == 0)
    {
      memset (delta->stamp, 0, sizeof (guint) * delta->n);
      delta->epoch = 1;
    }
  for (guint l = 0; l < delta->n; l++)
    if (adopt[l].option != delta->adopt0[l].option ||
        adopt[l].decide_year != delta->adopt0[l].decide_year)
      {
        if (++n_changed > DELTA_MAX_LAYERS)
          return FALSE;
        list_add (delta, &len, l);
      }
  list_add (delta, &len, f->layer);
  /* ... and the parts that read them: the layer below (its interface)
   * and the targets of their links (their co-design factors). */
  for (guint i = 0, n_direct = len; i < n_direct; i++)
    {
      guint l = delta->list[i];

      if (l > 0)
        list_add (delta, &len, l - 1);
      for (guint q = delta->out_start[l]; q < delta->out_start[l + 1]; q++)
        list_add (delta, &len, delta->out_links[q]);
    }

  mag_a = delta->mag_a0;
  for (guint i = 0; i < len; i++)
    {
      guint l = delta->list[i];
      double m, part = layer_part (c, adopt, l, objective, &m);

      d_a += part - delta->part_a[l];
      mag_a += m - delta->mag_a[l];
      abs_parts += fabs (part) + fabs (delta->part_a[l]) + m + delta->mag_a[l];
    }
  /* The start plan never switches and its options are fixed: only L's
   * part moves, and only where it runs the moved option. */
  mag_s = delta->mag_s0;
  if (points->b->choices[f->layer] == f->option)
    {
      g_autofree StrataLayerPlan *never = g_new (StrataLayerPlan, delta->n);
      double m, part;

      for (guint l = 0; l < delta->n; l++)
        {
          never[l].option = points->b->choices[l];
          never[l].decide_year = -1;
        }
      part = layer_part (c, never, f->layer, objective, &m);
      d_s = part - delta->part_s[f->layer];
      mag_s += m - delta->mag_s[f->layer];
      abs_parts += fabs (part) + fabs (delta->part_s[f->layer]) + m + delta->mag_s[f->layer];
    }

  a = delta->npv_a0 + d_a;
  b = delta->npv_s0 + d_s;
  diff = a - b;
  /* Each of the walk's NPVs and of today's within gamma of its terms'
   * magnitude, the changes within gamma of theirs, and the last few
   * roundings here. */
  err = delta->gamma * (fabs (mag_a) + delta->mag_a0 + fabs (mag_s) + delta->mag_s0 + abs_parts) +
        4 * DBL_EPSILON * (fabs (a) + fabs (b) + fabs (diff));
  if (!isfinite (diff) || !isfinite (err) ||
      fabs (diff) - err <= STRATA_CHEAPER_TOLERANCE * (fabs (a) + fabs (b) + 2 * err))
    return FALSE;
  *out = diff < 0 ? STRATA_SWITCH_A_CHEAPER : STRATA_SWITCH_B_CHEAPER;
  g_atomic_int_inc (&delta_told);
  return TRUE;
}
