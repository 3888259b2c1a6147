/* strata-roadmap.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The exact optimal roadmap (MODEL.md section 8).
 *
 * A roadmap gives every layer one of its own plans: never switch, or
 * decide in year y to move to option o.  The NPV of a roadmap splits into
 *
 *   sum over layers of the layer's own cost (its options' variable and
 *     fixed cost, capex, exit cost, less ecosystem value), where the
 *     variable cost of an integrated option is multiplied by the
 *     co-design factor of the year, and
 *   sum over adjacent layers of the market interface's cost.
 *
 * Both couplings look at one thing of the other layers only: in which
 * years they run an integrated option.  Under a roadmap that is a step:
 * the start option's mode until the year r the switch runs from, the new
 * option's mode after.  So every layer gets a *signature*, the year r from
 * which it runs the other mode (r = years when never: a switch within one
 * mode keeps the signature "never"), and the problem becomes
 *
 *   min over signatures  sum_l g_l(r_l, r_sources(l)) + sum_i h_i(r_i, r_i+1)
 *
 * where g_l is the least own cost of layer l among its plans with
 * signature r_l, given the signatures of the layers whose links save on
 * it, and h_i the interface cost between layers i and i+1.  That is solved
 * exactly by variable elimination (min-sum, the order greedy by table
 * size), then the choices are read back.  The cost is exponential only in
 * the width of the coupling graph (the chain of interfaces plus the
 * links), with at most years + 1 signatures a layer; plain enumeration is
 * exponential in the number of layers with ~options x years plans each.
 *
 * Ties: values carry (NPV, switches, -sum of decision years, option code)
 * compared in that order, the NPV within a tolerance of 1e-11 of the
 * larger magnitude of the two (Val.m); the option code weighs each layer's final option so
 * that sums compare like the options layer by layer, bottom first.
 * strata_roadmap_brute_force() is the oracle the tests hold it to.
 */

#define G_LOG_DOMAIN "strata-horizon"

#include "config.h"

#include <math.h>
#include <string.h>

#include "strata-horizon-private.h"
#include "strata-roadmap-private.h"

static gboolean
layer_has_links_in (const StrataDataset *ds,
                    guint                l)
{
  for (guint k = 0; k < ds->n_links; k++)
    if (ds->links[k].to == l)
      return TRUE;
  return FALSE;
}

/* Mixed-radix weights: layer 0 most significant.  All 0 when the product
 * of the option counts does not fit (ties by option are then left to the
 * search order). */
static void
option_weights (const StrataDataset *ds,
                guint64             *weight)
{
  guint64 w = 1;

  for (guint i = ds->n_layers; i-- > 0;)
    {
      weight[i] = w;
      if (w > G_MAXUINT64 / 4 / MAX (ds->layers[i].n_options, 1))
        {
          memset (weight, 0, sizeof (guint64) * ds->n_layers);
          return;
        }
      w *= ds->layers[i].n_options;
    }
}

/* The own cost of one plan of layer @l: base and, when links save on the
 * layer, the discounted variable cost of its integrated years (0 in the
 * others).  Before the year a plan decides in, it runs the start option
 * with no capex or exit cost, the same terms as the plan that never
 * switches: with @from (the never plan's running sums and w bounds
 * before each year) the sum starts at the decision year from the same
 * double; @fill, for the never plan, records them. */
typedef struct
{
  double *base;
  double *mag;
  guint  *w_lo;
  guint  *w_hi;
} PlanPrefix;

static void
cost_plan (Problem          *P,
           guint             l,
           LPlan            *lp,
           const PlanPrefix *from,
           PlanPrefix       *fill)
{
  const HorizonCtx *c = P->c;
  const StrataLayer *layer = &c->ds->layers[l];
  StrataLayerPlan p = { lp->option, lp->decide };
  guint r = _strata_plan_runs_from (c, l, &p);
  guint t0 = 0;

  lp->base = 0;
  lp->tie.m = 0;
  lp->w_lo = c->years;
  lp->w_hi = 0;
  if (from != NULL && lp->decide > 0)
    {
      t0 = (guint) lp->decide;
      lp->base = from->base[t0];
      lp->tie.m = from->mag[t0];
      lp->w_lo = from->w_lo[t0];
      lp->w_hi = from->w_hi[t0];
      if (lp->w != NULL)
        memcpy (lp->w, P->L[l].plans[0].w, sizeof (double) * t0);
    }
  for (guint t = t0; t < c->years; t++)
    {
      guint running = t >= r ? lp->option : c->start[l];
      const StrataOption *o = &layer->options[running];
      double v = c->volume[t];
      double variable = _strata_plan_variable (c, l, running, &p, t);
      double own = o->fixed_cost.value + _strata_plan_capex (c, l, &p, t)
                   + _strata_plan_exit (c, l, &p, t);

      if (fill != NULL)
        {
          fill->base[t] = lp->base;
          fill->mag[t] = lp->tie.m;
          fill->w_lo[t] = lp->w_lo;
          fill->w_hi[t] = lp->w_hi;
        }
      /* Every term without its sign, the co-design factor at 1 (its
       * largest): the scale of the rounding in any sum of the plan. */
      lp->tie.m += c->discount[t] * (own + variable * v +
                                     (P->objective == STRATA_HORIZON_EFFECTIVE ? o->ecosystem_value.value * v : 0));
      if (P->objective == STRATA_HORIZON_EFFECTIVE)
        own -= o->ecosystem_value.value * v;
      if (lp->w != NULL && o->mode == STRATA_MODE_INTEGRATED)
        {
          lp->w[t] = c->discount[t] * variable * v;
          lp->w_lo = MIN (lp->w_lo, t);
          lp->w_hi = t + 1;
        }
      else
        {
          if (lp->w != NULL)
            lp->w[t] = 0;
          own += variable * v;
        }
      lp->base += c->discount[t] * own;
    }
}

/* Every plan of every layer, with its signature (costs: problem_costs). */
static void
build_layers (Problem        *P,
              const guint64  *weight)
{
  const HorizonCtx *c = P->c;
  const StrataDataset *ds = c->ds;
  g_autofree int *sig_index = g_new (int, c->years + 1);

  P->L = g_new0 (LayerInfo, MAX (ds->n_layers, 1));
  for (guint l = 0; l < ds->n_layers; l++)
    {
      LayerInfo *li = &P->L[l];
      const StrataLayer *layer = &ds->layers[l];
      g_autoptr(GArray) plans = g_array_new (FALSE, TRUE, sizeof (LPlan));
      LPlan never = { c->start[l], -1, 0, 0, NULL, 0, 0, { 0, 0, 0, 0, 0 } };

      li->coupled = layer_has_links_in (ds, l);
      li->start_mode = layer->options[c->start[l]].mode;
      li->other_mode = li->start_mode == STRATA_MODE_NEUTRAL ? STRATA_MODE_INTEGRATED
                                                            : STRATA_MODE_NEUTRAL;
      never.sig = c->years;
      never.tie.code = c->start[l] * weight[l];
      g_array_append_val (plans, never);
      for (guint o = 0; o < layer->n_options; o++)
        {
          guint b = layer->options[o].build_years;

          if (o == c->start[l])
            continue;
          for (guint y = 0; y + b < c->years; y++)
            {
              LPlan lp = { o, (int) y, 0, 0, NULL, 0, 0, { 0, 0, 1, -(int) y, o * weight[l] } };

              lp.sig = layer->options[o].mode == li->start_mode ? c->years : y + b;
              g_array_append_val (plans, lp);
            }
        }

      /* Signatures in use, ascending. */
      for (guint r = 0; r <= c->years; r++)
        sig_index[r] = -1;
      for (guint i = 0; i < plans->len; i++)
        sig_index[g_array_index (plans, LPlan, i).sig] = 0;
      li->dom = g_new0 (guint, c->years + 1);
      for (guint r = 0; r <= c->years; r++)
        if (sig_index[r] == 0)
          {
            sig_index[r] = (int) li->n_dom;
            li->dom[li->n_dom++] = r;
          }

      li->n_plans = plans->len;
      li->plans = (LPlan *) g_array_free (g_steal_pointer (&plans), FALSE);
      for (guint i = 0; i < li->n_plans; i++)
        {
          li->plans[i].sig = (guint) sig_index[li->plans[i].sig];
          li->plans[i].w = li->coupled ? g_new0 (double, MAX (c->years, 1)) : NULL;
        }
    }
}

/* The years [*lo, *hi) in which layer @li runs an integrated option
 * under the signature of index @d: before the switch when it starts
 * integrated, from it on otherwise (the other mode is the start's
 * opposite). */
static inline void
integrated_years (const LayerInfo *li,
                  guint            d,
                  guint            years,
                  guint           *lo,
                  guint           *hi)
{
  if (li->start_mode == STRATA_MODE_INTEGRATED)
    {
      *lo = 0;
      *hi = li->dom[d];
    }
  else
    {
      *lo = li->dom[d];
      *hi = years;
    }
}

Factor *
_strata_roadmap_factor_new (const Problem *P,
                            const guint   *vars,
                            guint          n)
{
  Factor *f = g_new0 (Factor, 1);

  f->n = n;
  f->vars = g_memdup2 (vars, sizeof (guint) * MAX (n, 1));
  f->stride = g_new0 (gsize, MAX (n, 1));
  f->size = 1;
  for (guint i = n; i-- > 0;)
    {
      f->stride[i] = f->size;
      f->size *= P->L[vars[i]].n_dom;
    }
  f->c = g_new0 (double, f->size);
  f->m = g_new0 (double, f->size);
  f->tie = g_new0 (ValTie, f->size);
  return f;
}

static double
scope_size (const Problem *P,
            const guint   *vars,
            guint          n)
{
  double size = 1;

  for (guint i = 0; i < n; i++)
    size *= P->L[vars[i]].n_dom;
  return size;
}

/* Steps the odometer @a over @vars; FALSE after the last assignment. */
gboolean
_strata_roadmap_odometer_next (const Problem *P,
                               const guint   *vars,
                               guint          n,
                               guint         *a)
{
  for (guint i = n; i-- > 0;)
    {
      if (++a[vars[i]] < P->L[vars[i]].n_dom)
        return TRUE;
      a[vars[i]] = 0;
    }
  return FALSE;
}

/* @n with its thousands grouped: 184528125 -> "184,528,125". */
static char *
grouped (double n)
{
  g_autofree char *digits = g_strdup_printf ("%.0f", n);
  GString *out = g_string_new (NULL);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

/* The search's refusal of a table of @size entries: @layer's links in
 * (a layer's id), or the layers the links couple (NULL). */
void
_strata_roadmap_too_large (GError     **error,
                           const char  *layer,
                           double       size)
{
  g_autofree char *need = grouped (size);
  g_autofree char *most = grouped (MAX_TABLE_ENTRIES);

  if (layer != NULL)
    g_set_error (error, STRATA_DATASET_ERROR, STRATA_DATASET_ERROR_LIMIT,
                 "layer \"%s\" has too many co-design links into it for the exact search of the optimal "
                 "roadmap: it would need a table of %s entries, over its limit of %s",
                 layer, need, most);
  else
    g_set_error (error, STRATA_DATASET_ERROR, STRATA_DATASET_ERROR_LIMIT,
                 "the co-design links couple the layers too densely for the exact search of the optimal "
                 "roadmap: it would need a table of %s entries, over its limit of %s",
                 need, most);
}

/* The layout of g_l (the least own cost of layer l per signature, given
 * the signatures of the layers linked into it). */
Factor *
_strata_roadmap_layer_factor_new (Problem  *P,
                                  guint     l,
                                  GError  **error)
{
  const StrataDataset *ds = P->c->ds;
  LayerInfo *li = &P->L[l];
  g_autofree gboolean *in = g_new0 (gboolean, MAX (ds->n_layers, 1));
  Factor *g;

  in[l] = TRUE;
  li->links = g_new0 (guint, MAX (ds->n_links, 1));
  for (guint k = 0; k < ds->n_links; k++)
    if (ds->links[k].to == l)
      {
        in[ds->links[k].from] = TRUE;
        li->links[li->n_links++] = k;
      }
  li->scope = g_new0 (guint, MAX (ds->n_layers, 1));
  for (guint i = 0; i < ds->n_layers; i++)
    if (in[i])
      li->scope[li->n_scope++] = i;
  if (scope_size (P, li->scope, li->n_scope) > MAX_TABLE_ENTRIES)
    {
      _strata_roadmap_too_large (error, ds->layers[l].id, scope_size (P, li->scope, li->n_scope));
      return NULL;
    }
  g = _strata_roadmap_factor_new (P, li->scope, li->n_scope);
  li->g = g;
  li->plan_arg = g_new (int, g->size);
  /* Every signature of the domain has a plan (build_layers ()), so every
   * entry of g_l is reached: first by the first plan of its signature. */
  li->first = g_new0 (guint8, MAX (li->n_plans, 1));
  {
    g_autofree gboolean *had = g_new0 (gboolean, MAX (li->n_dom, 1));

    for (guint i = 0; i < li->n_plans; i++)
      {
        li->first[i] = !had[li->plans[i].sig];
        had[li->plans[i].sig] = TRUE;
      }
  }
  li->src = g_new0 (guint, MAX (li->n_scope, 1));
  li->src_stride = g_new0 (gsize, MAX (li->n_scope, 1));
  for (guint s = 0; s < li->n_scope; s++)
    if (li->scope[s] == l)
      li->own_stride = g->stride[s];
    else
      {
        li->src_stride[li->n_src] = g->stride[s];
        li->src[li->n_src++] = li->scope[s];
      }
  return g;
}

/* g_l on the draw's costs.  The co-design factors depend on the sources'
 * signatures alone: they are worked out once per assignment of the
 * sources, and each plan then updates the entry of its own signature
 * (the plans of one entry compared in the same order as one by one; the
 * first of them takes it). */
void
_strata_roadmap_layer_factor_fill (Problem *P,
                                   guint    l)
{
  const HorizonCtx *c = P->c;
  const StrataDataset *ds = c->ds;
  LayerInfo *li = &P->L[l];
  Factor *g = li->g;
  guint *a = P->a;
  double *f = P->f;
  guint *lo = P->link_lo, *hi = P->link_hi;

  for (guint k = 0; k < li->n_links; k++)
    P->mult[k] = 1.0 - ds->links[li->links[k]].saving.value;
  g->max_m = 0;
  memset (a, 0, sizeof (guint) * c->n_layers);
  do
    {
      gsize base = 0;

      for (guint s = 0; s < li->n_src; s++)
        base += a[li->src[s]] * li->src_stride[s];
      for (guint k = 0; k < li->n_links; k++)
        {
          guint from = ds->links[li->links[k]].from;

          integrated_years (&P->L[from], a[from], c->years, &lo[k], &hi[k]);
        }
      /* Each year's factor: 1 times each link's multiplier over the
       * years it covers, links in order (the same products). */
      for (guint t = 0; t < c->years; t++)
        f[t] = 1;
      for (guint k = 0; k < li->n_links; k++)
        for (guint t = lo[k]; t < hi[k]; t++)
          f[t] *= P->mult[k];
      for (guint i = 0; i < li->n_plans; i++)
        {
          const LPlan *lp = &li->plans[i];
          gsize idx = base + lp->sig * li->own_stride;
          Val v;

          v = lp->tie;
          v.c = lp->base;
          /* Only the years the plan runs integrated: w is 0 in the others
           * (adding 0 x f changes no comparison). */
          if (lp->w != NULL)
            for (guint t = lp->w_lo; t < lp->w_hi; t++)
              v.c += lp->w[t] * f[t];
          if (li->first[i] || val_cmp_at (&v, g, idx, P->tol) < 0)
            {
              factor_store (g, idx, &v);
              g->max_m = MAX (g->max_m, v.m);
              li->plan_arg[idx] = (int) i;
            }
        }
    }
  while (_strata_roadmap_odometer_next (P, li->src, li->n_src, a));
}

/* h_i: the market interface between layers i and i+1, on the draw's
 * volumes and discounts: the sum, year by year in order, of the years
 * in which the two layers do not both run integrated options.  Those
 * years are all but one interval [lo, hi), so the sum is the running
 * sum to lo continued from hi; the running sums from 0 and from each
 * year to the end are the same additions in the same order. */
void
_strata_roadmap_interface_factor_fill (Problem *P,
                                       guint    i,
                                       Factor  *h)
{
  const HorizonCtx *c = P->c;
  guint years = c->years;
  double *term = P->term, *from0 = P->from0, *to_end = P->to_end;
  guint a[2];

  for (guint t = 0; t < years; t++)
    term[t] = c->discount[t] * c->volume[t] * c->interface[i];
  from0[0] = 0;
  for (guint t = 0; t < years; t++)
    from0[t + 1] = from0[t] + term[t];
  for (guint k = 0; k <= years; k++)
    {
      double v = 0;

      for (guint t = k; t < years; t++)
        v += term[t];
      to_end[k] = v;
    }
  for (a[0] = 0; a[0] < P->L[i].n_dom; a[0]++)
    for (a[1] = 0; a[1] < P->L[i + 1].n_dom; a[1]++)
      {
        gsize at = a[0] * h->stride[0] + a[1];
        double *vc = &h->c[at];
        guint lo0, hi0, lo1, hi1, lo, hi;

        integrated_years (&P->L[i], a[0], years, &lo0, &hi0);
        integrated_years (&P->L[i + 1], a[1], years, &lo1, &hi1);
        h->m[at] = from0[years];
        h->max_m = from0[years];
        lo = MAX (lo0, lo1);
        hi = MIN (hi0, hi1);
        if (lo >= hi)
          *vc = from0[years];
        else if (hi == years)
          *vc = from0[lo];
        else if (lo == 0)
          *vc = to_end[hi];
        else
          {
            double sum = from0[lo];

            for (guint t = hi; t < years; t++)
              sum += term[t];
            *vc = sum;
          }
      }
}

/* The interfaces' costs in every year: the magnitude they add to a
 * roadmap's NPV at most (the brute force's tolerance). */
static double
interfaces_magnitude (const Problem *P)
{
  const HorizonCtx *c = P->c;
  double sum = 0;

  for (guint l = 0; l + 1 < c->n_layers; l++)
    for (guint t = 0; t < c->years; t++)
      sum += c->discount[t] * c->volume[t] * c->interface[l];
  return sum;
}

/* Every plan's cost on the context's numbers, and the tolerance.  A
 * layer's first plan never switches (build_layers ()): the others
 * continue its running sums from their decision years. */
static void
problem_costs (Problem *P)
{
  guint years = P->c->years;
  double base[STRATA_HORIZON_MAX_YEARS + 1], mag[STRATA_HORIZON_MAX_YEARS + 1];
  guint bounds[2 * (STRATA_HORIZON_MAX_YEARS + 1)];
  PlanPrefix prefix = { base, mag, bounds, bounds + STRATA_HORIZON_MAX_YEARS + 1 };

  for (guint l = 0; l < P->c->n_layers; l++)
    {
      gboolean share = years <= STRATA_HORIZON_MAX_YEARS && P->L[l].plans[0].decide < 0;

      for (guint i = 0; i < P->L[l].n_plans; i++)
        cost_plan (P, l, &P->L[l].plans[i], share && i > 0 ? &prefix : NULL,
                   share && i == 0 ? &prefix : NULL);
    }
  /* Two NPVs are a tie within 1e-11 of the larger of their magnitudes
   * (the sums of their terms without signs), far above the rounding of
   * the sums (at most 50 years of each layer) and far below a real
   * saving.  The tolerance was 1e-9 of the whole problem's scale, the
   * dearest plan of every layer: an option nobody would pick (a price of
   * 1e10) made a saving of 10 % a tie. */
  P->tol = 1e-11;
}

/* The problem on the context @c (borrowed, or owned when @own). */
static Problem *
problem_new (HorizonCtx             *c,
             gboolean                own,
             StrataHorizonObjective  objective)
{
  const StrataDataset *ds = c->ds;
  Problem *P = g_new0 (Problem, 1);
  g_autofree guint64 *weight = g_new0 (guint64, MAX (ds->n_layers, 1));

  P->c = c;
  P->own_ctx = own;
  P->objective = objective;
  P->n_layers = ds->n_layers;
  P->years = c->years;
  P->n_links = ds->n_links;
  P->start = g_memdup2 (c->start, sizeof (guint) * MAX (ds->n_layers, 1));
  P->n_options = g_new0 (guint, MAX (ds->n_layers, 1));
  P->iface_zero = g_new0 (gboolean, MAX (ds->n_layers, 1));
  for (guint l = 0; l < ds->n_layers; l++)
    {
      P->n_options[l] = ds->layers[l].n_options;
      P->iface_zero[l] = c->interface[l] == 0;
    }
  P->a = g_new0 (guint, MAX (ds->n_layers, 1));
  P->f = g_new0 (double, MAX (c->years, 1));
  P->term = g_new0 (double, MAX (c->years, 1));
  P->from0 = g_new0 (double, c->years + 1);
  P->to_end = g_new0 (double, c->years + 1);
  P->mult = g_new0 (double, MAX (ds->n_links, 1));
  P->link_lo = g_new0 (guint, MAX (ds->n_links, 1));
  P->link_hi = g_new0 (guint, MAX (ds->n_links, 1));
  option_weights (ds, weight);
  build_layers (P, weight);
  problem_costs (P);
  return P;
}

static void
problem_free (Problem *P)
{
  for (guint l = 0; l < P->n_layers; l++)
    {
      LayerInfo *li = &P->L[l];

      for (guint i = 0; i < li->n_plans; i++)
        g_free (li->plans[i].w);
      g_free (li->plans);
      g_free (li->dom);
      g_free (li->scope);
      g_free (li->plan_arg);
      g_free (li->src);
      g_free (li->src_stride);
      g_free (li->links);
      g_free (li->first);
    }
  g_free (P->L);
  g_clear_pointer (&P->factors, g_ptr_array_unref);
  g_clear_pointer (&P->elims, g_ptr_array_unref);
  g_free (P->iface_of);
  g_free (P->start);
  g_free (P->n_options);
  g_free (P->iface_zero);
  g_free (P->a);
  g_free (P->fat);
  g_free (P->fc);
  g_free (P->fm);
  g_free (P->cs);
  g_free (P->f);
  g_free (P->term);
  g_free (P->from0);
  g_free (P->to_end);
  g_free (P->mult);
  g_free (P->link_lo);
  g_free (P->link_hi);
  if (P->own_ctx)
    _strata_horizon_ctx_free (P->c);
  g_free (P);
}

gboolean
strata_roadmap_optimal (const StrataDataset     *dataset,
                        StrataHorizonObjective   objective,
                        StrataLayerPlan         *plans_out,
                        GError                 **error)
{
  Problem *P;
  gboolean ok;

  g_return_val_if_fail (dataset != NULL && dataset->horizon != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  P = problem_new (_strata_horizon_ctx_new (dataset), TRUE, objective);
  ok = _strata_roadmap_schedule (P, error);
  if (ok)
    _strata_roadmap_solve (P, plans_out);
  problem_free (P);
  return ok;
}

struct _StrataRoadmapSolver
{
  Problem *P;
};

StrataRoadmapSolver *
_strata_roadmap_solver_new (void)
{
  return g_new0 (StrataRoadmapSolver, 1);
}

void
_strata_roadmap_solver_free (StrataRoadmapSolver *solver)
{
  if (solver == NULL)
    return;
  g_clear_pointer (&solver->P, problem_free);
  g_free (solver);
}

/* Whether the search planned for @P fits the context @c: the same layers,
 * years, start options and interfaces that are 0 (build years, modes and
 * links are never drawn). */
static gboolean
same_structure (const Problem    *P,
                const HorizonCtx *c)
{
  if (P->n_layers != c->n_layers || P->years != c->years || P->n_links != c->ds->n_links ||
      memcmp (P->start, c->start, sizeof (guint) * c->n_layers) != 0)
    return FALSE;
  for (guint l = 0; l < c->n_layers; l++)
    if (P->n_options[l] != c->ds->layers[l].n_options || P->iface_zero[l] != (c->interface[l] == 0))
      return FALSE;
  return TRUE;
}

gboolean
_strata_roadmap_solver_run (StrataRoadmapSolver     *solver,
                            const HorizonCtx        *c,
                            StrataHorizonObjective   objective,
                            StrataLayerPlan         *plans_out,
                            GError                 **error)
{
  if (solver->P != NULL && same_structure (solver->P, c))
    {
      solver->P->c = (HorizonCtx *) c;
      solver->P->objective = objective;
      problem_costs (solver->P);
    }
  else
    {
      g_clear_pointer (&solver->P, problem_free);
      solver->P = problem_new ((HorizonCtx *) c, FALSE, objective);
      if (!_strata_roadmap_schedule (solver->P, error))
        {
          g_clear_pointer (&solver->P, problem_free);
          return FALSE;
        }
    }
  _strata_roadmap_solve (solver->P, plans_out);
  return TRUE;
}

guint
strata_roadmap_brute_force (const StrataDataset    *dataset,
                            StrataHorizonObjective  objective,
                            StrataLayerPlan        *plans_out)
{
  Problem *P;
  guint n;
  g_autofree guint *pick = NULL;
  g_autofree StrataLayerPlan *plans = NULL;
  Val best = { 0, 0, 0, 0, 0 };
  gboolean have = FALSE;
  guint n_tied = 0;
  double iface_mag;

  g_return_val_if_fail (dataset != NULL && dataset->horizon != NULL, 0);

  P = problem_new (_strata_horizon_ctx_new (dataset), TRUE, objective);
  iface_mag = interfaces_magnitude (P);
  n = dataset->n_layers;
  pick = g_new0 (guint, MAX (n, 1));
  plans = g_new0 (StrataLayerPlan, MAX (n, 1));

  for (;;)
    {
      Val v = { 0, 0, 0, 0, 0 };
      guint l;

      for (l = 0; l < n; l++)
        {
          const LPlan *lp = &P->L[l].plans[pick[l]];

          plans[l].option = lp->option;
          plans[l].decide_year = lp->decide;
          v = val_add (v, lp->tie);
        }
      /* The NPV straight from the year-by-year arithmetic, not from the
       * search's tables. */
      v.c = _strata_plan_npv_ctx (P->c, plans, objective);
      v.m += iface_mag;
      if (have && fabs (v.c - best.c) <= P->tol * MAX (v.m, best.m))
        n_tied++;
      else if (!have || v.c < best.c)
        n_tied = 1;
      if (!have || val_cmp (&v, &best, P->tol) < 0)
        {
          best = v;
          have = TRUE;
          memcpy (plans_out, plans, sizeof (StrataLayerPlan) * n);
        }

      for (l = n; l-- > 0;)
        {
          if (++pick[l] < P->L[l].n_plans)
            break;
          pick[l] = 0;
        }
      if (l == G_MAXUINT)
        break;
    }
  problem_free (P);
  return n_tied;
}
