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
 * compared in that order, the NPV within a tolerance of 1e-9 of the
 * problem's scale; the option code weighs each layer's final option so
 * that sums compare like the options layer by layer, bottom first.
 * strata_roadmap_brute_force() is the oracle the tests hold it to.
 */

#define G_LOG_DOMAIN "strata-horizon"

#include "config.h"

#include <math.h>
#include <string.h>

#include "strata-horizon-private.h"

/* Largest table the search may build (entries of 32 bytes). */
#define MAX_TABLE_ENTRIES (1u << 23)

typedef struct
{
  double  c;
  int     sw;     /* switches */
  int     ys;     /* minus the sum of decision years */
  guint64 code;   /* options, layer by layer */
} Val;

typedef struct
{
  guint   option;
  int     decide;
  guint   sig;     /* index into the layer's domain */
  double  base;    /* discounted own cost without the coupled part */
  double *w;       /* (nullable) years: discounted variable cost open to co-design */
  Val     tie;
} LPlan;

typedef struct
{
  LPlan      *plans;
  guint       n_plans;
  guint      *dom;         /* signature values r, ascending */
  guint       n_dom;
  StrataMode  start_mode;
  StrataMode  other_mode;
  guint      *scope;       /* g_l: l and the layers linked into it, ascending */
  guint       n_scope;
  int        *plan_arg;    /* best plan per entry of g_l */
} LayerInfo;

typedef struct
{
  guint   n;
  guint  *vars;
  gsize  *stride;
  gsize   size;
  Val    *table;
} Factor;

typedef struct
{
  guint   var;
  guint   n;
  guint  *vars;
  gsize  *stride;
  guint  *arg;
} Elimination;

typedef struct
{
  HorizonCtx             *c;
  StrataHorizonObjective  objective;
  LayerInfo              *L;
  double                  tol;
} Problem;

static inline Val
val_add (Val a,
         Val b)
{
  Val r = { a.c + b.c, a.sw + b.sw, a.ys + b.ys, a.code + b.code };
  return r;
}

static inline int
val_cmp (const Val *a,
         const Val *b,
         double     tol)
{
  if (a->c < b->c - tol)
    return -1;
  if (a->c > b->c + tol)
    return 1;
  if (a->sw != b->sw)
    return a->sw < b->sw ? -1 : 1;
  if (a->ys != b->ys)
    return a->ys < b->ys ? -1 : 1;
  if (a->code != b->code)
    return a->code < b->code ? -1 : 1;
  return 0;
}

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
 * layer, the discounted variable cost of its integrated years. */
static void
cost_plan (Problem *P,
           guint    l,
           LPlan   *lp,
           gboolean coupled)
{
  const HorizonCtx *c = P->c;
  const StrataLayer *layer = &c->ds->layers[l];
  StrataLayerPlan p = { lp->option, lp->decide };
  guint r = _strata_plan_runs_from (c, l, &p);

  lp->base = 0;
  lp->w = coupled ? g_new0 (double, c->years) : NULL;
  for (guint t = 0; t < c->years; t++)
    {
      const StrataOption *o = &layer->options[t >= r ? lp->option : c->start[l]];
      double v = c->volume[t];
      double variable = _strata_horizon_variable (o, _strata_horizon_learning_units (c, l, &p, t));
      double own = o->fixed_cost.value + _strata_plan_capex (c, l, &p, t)
                   + _strata_plan_exit (c, l, &p, t);

      if (P->objective == STRATA_HORIZON_EFFECTIVE)
        own -= o->ecosystem_value.value * v;
      if (coupled && o->mode == STRATA_MODE_INTEGRATED)
        lp->w[t] = c->discount[t] * variable * v;
      else
        own += variable * v;
      lp->base += c->discount[t] * own;
    }
}

/* Every plan of every layer, with its signature and own cost. */
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
      gboolean coupled = layer_has_links_in (ds, l);
      g_autoptr(GArray) plans = g_array_new (FALSE, TRUE, sizeof (LPlan));
      LPlan never = { c->start[l], -1, 0, 0, NULL, { 0, 0, 0, 0 } };

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
              LPlan lp = { o, (int) y, 0, 0, NULL, { 0, 1, -(int) y, o * weight[l] } };

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
          cost_plan (P, l, &li->plans[i], coupled);
        }
    }
}

static inline gboolean
integrated_at (const LayerInfo *li,
               guint            dom_index,
               guint            t)
{
  return (t >= li->dom[dom_index] ? li->other_mode : li->start_mode) == STRATA_MODE_INTEGRATED;
}

static Factor *
factor_new (const Problem *P,
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
  f->table = g_new0 (Val, f->size);
  return f;
}

static void
factor_free (gpointer data)
{
  Factor *f = data;

  g_free (f->vars);
  g_free (f->stride);
  g_free (f->table);
  g_free (f);
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
static gboolean
odometer_next (const Problem *P,
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

/* g_l: the least own cost of layer l per signature, given the signatures
 * of the layers linked into it. */
static Factor *
layer_factor (Problem  *P,
              guint     l,
              GError  **error)
{
  const HorizonCtx *c = P->c;
  const StrataDataset *ds = c->ds;
  LayerInfo *li = &P->L[l];
  g_autofree guint *a = g_new0 (guint, MAX (ds->n_layers, 1));
  g_autofree double *f = g_new (double, c->years);
  g_autofree gboolean *in = g_new0 (gboolean, MAX (ds->n_layers, 1));
  Factor *g;
  gsize idx = 0;

  in[l] = TRUE;
  for (guint k = 0; k < ds->n_links; k++)
    if (ds->links[k].to == l)
      in[ds->links[k].from] = TRUE;
  li->scope = g_new0 (guint, MAX (ds->n_layers, 1));
  for (guint i = 0; i < ds->n_layers; i++)
    if (in[i])
      li->scope[li->n_scope++] = i;
  if (scope_size (P, li->scope, li->n_scope) > MAX_TABLE_ENTRIES)
    {
      g_set_error (error, STRATA_DATASET_ERROR, STRATA_DATASET_ERROR_LIMIT,
                   "layer \"%s\" has too many co-design links into it for the exact roadmap search",
                   ds->layers[l].id);
      return NULL;
    }
  g = factor_new (P, li->scope, li->n_scope);
  li->plan_arg = g_new0 (int, g->size);

  do
    {
      Val best = { 0, 0, 0, 0 };
      int arg = -1;

      for (guint t = 0; t < c->years; t++)
        {
          f[t] = 1;
          for (guint k = 0; k < ds->n_links; k++)
            if (ds->links[k].to == l && integrated_at (&P->L[ds->links[k].from],
                                                       a[ds->links[k].from], t))
              f[t] *= 1.0 - ds->links[k].saving.value;
        }
      for (guint i = 0; i < li->n_plans; i++)
        {
          const LPlan *lp = &li->plans[i];
          Val v;

          if (lp->sig != a[l])
            continue;
          v = lp->tie;
          v.c = lp->base;
          if (lp->w != NULL)
            for (guint t = 0; t < c->years; t++)
              v.c += lp->w[t] * f[t];
          if (arg < 0 || val_cmp (&v, &best, P->tol) < 0)
            {
              best = v;
              arg = (int) i;
            }
        }
      g->table[idx] = best;
      li->plan_arg[idx] = arg;
      idx++;
    }
  while (odometer_next (P, li->scope, li->n_scope, a));

  return g;
}

/* h_i: the market interface between layers i and i+1. */
static Factor *
interface_factor (Problem *P,
                  guint    i)
{
  const HorizonCtx *c = P->c;
  guint vars[2] = { i, i + 1 };
  guint a[2];
  Factor *h = factor_new (P, vars, 2);

  for (a[0] = 0; a[0] < P->L[i].n_dom; a[0]++)
    for (a[1] = 0; a[1] < P->L[i + 1].n_dom; a[1]++)
      {
        Val *v = &h->table[a[0] * h->stride[0] + a[1]];

        for (guint t = 0; t < c->years; t++)
          if (!(integrated_at (&P->L[i], a[0], t) && integrated_at (&P->L[i + 1], a[1], t)))
            v->c += c->discount[t] * c->volume[t] * c->interface[i];
      }
  return h;
}

/* The scale of the problem, for the tolerance of ties. */
static double
problem_scale (const Problem *P)
{
  const HorizonCtx *c = P->c;
  double scale = 0;

  for (guint l = 0; l < c->n_layers; l++)
    {
      double most = 0;

      for (guint i = 0; i < P->L[l].n_plans; i++)
        {
          const LPlan *lp = &P->L[l].plans[i];
          double s = fabs (lp->base);

          if (lp->w != NULL)
            for (guint t = 0; t < c->years; t++)
              s += lp->w[t];
          most = MAX (most, s);
        }
      scale += most;
      if (l + 1 < c->n_layers)
        for (guint t = 0; t < c->years; t++)
          scale += c->discount[t] * c->volume[t] * c->interface[l];
    }
  return scale;
}

static Problem *
problem_new (const StrataDataset    *ds,
             StrataHorizonObjective  objective)
{
  Problem *P = g_new0 (Problem, 1);
  g_autofree guint64 *weight = g_new0 (guint64, MAX (ds->n_layers, 1));

  P->c = _strata_horizon_ctx_new (ds);
  P->objective = objective;
  option_weights (ds, weight);
  build_layers (P, weight);
  P->tol = 1e-9 * problem_scale (P);
  return P;
}

static void
problem_free (Problem *P)
{
  for (guint l = 0; l < P->c->n_layers; l++)
    {
      for (guint i = 0; i < P->L[l].n_plans; i++)
        g_free (P->L[l].plans[i].w);
      g_free (P->L[l].plans);
      g_free (P->L[l].dom);
      g_free (P->L[l].scope);
      g_free (P->L[l].plan_arg);
    }
  g_free (P->L);
  _strata_horizon_ctx_free (P->c);
  g_free (P);
}

/* The variable whose elimination builds the smallest table. */
static int
pick_variable (const Problem *P,
               GPtrArray     *factors,
               const gboolean *done,
               guint         *scope,
               guint         *n_scope,
               double        *size)
{
  guint n_layers = P->c->n_layers;
  g_autofree gboolean *in = g_new0 (gboolean, n_layers);
  int best = -1;

  *size = INFINITY;
  for (guint v = 0; v < n_layers; v++)
    {
      double s = 1;

      if (done[v])
        continue;
      memset (in, 0, sizeof (gboolean) * n_layers);
      for (guint i = 0; i < factors->len; i++)
        {
          const Factor *f = g_ptr_array_index (factors, i);
          gboolean has = FALSE;

          for (guint j = 0; j < f->n; j++)
            has |= f->vars[j] == v;
          if (has)
            for (guint j = 0; j < f->n; j++)
              in[f->vars[j]] = TRUE;
        }
      in[v] = FALSE;
      for (guint u = 0; u < n_layers; u++)
        if (in[u])
          s *= P->L[u].n_dom;
      if (s < *size)
        {
          *size = s;
          best = (int) v;
          *n_scope = 0;
          for (guint u = 0; u < n_layers; u++)
            if (in[u])
              scope[(*n_scope)++] = u;
        }
    }
  return best;
}

/* Eliminates @v: the factors holding it become one over @scope. */
static Elimination *
eliminate (const Problem *P,
           GPtrArray     *factors,
           guint          v,
           const guint   *scope,
           guint          n_scope)
{
  g_autoptr(GPtrArray) bucket = g_ptr_array_new_with_free_func (factor_free);
  g_autofree guint *a = g_new0 (guint, P->c->n_layers);
  g_autofree gsize *fstride = NULL;
  g_autofree gsize *fv = NULL;
  Elimination *e = g_new0 (Elimination, 1);
  Factor *nf = factor_new (P, scope, n_scope);
  guint nb, dv = P->L[v].n_dom;
  gsize idx = 0;

  for (guint i = factors->len; i-- > 0;)
    {
      Factor *f = g_ptr_array_index (factors, i);

      for (guint j = 0; j < f->n; j++)
        if (f->vars[j] == v)
          {
            g_ptr_array_add (bucket, g_ptr_array_steal_index (factors, i));
            break;
          }
    }
  nb = bucket->len;
  fstride = g_new0 (gsize, MAX (nb * n_scope, 1));
  fv = g_new0 (gsize, MAX (nb, 1));
  for (guint b = 0; b < nb; b++)
    {
      const Factor *f = g_ptr_array_index (bucket, b);

      for (guint j = 0; j < f->n; j++)
        {
          if (f->vars[j] == v)
            fv[b] = f->stride[j];
          for (guint s = 0; s < n_scope; s++)
            if (scope[s] == f->vars[j])
              fstride[b * n_scope + s] = f->stride[j];
        }
    }

  e->var = v;
  e->n = n_scope;
  e->vars = g_memdup2 (scope, sizeof (guint) * MAX (n_scope, 1));
  e->stride = g_memdup2 (nf->stride, sizeof (gsize) * MAX (n_scope, 1));
  e->arg = g_new0 (guint, nf->size);

  do
    {
      Val best = { 0, 0, 0, 0 };
      guint arg = 0;

      for (guint x = 0; x < dv; x++)
        {
          Val sum = { 0, 0, 0, 0 };

          for (guint b = 0; b < nb; b++)
            {
              const Factor *f = g_ptr_array_index (bucket, b);
              gsize fi = x * fv[b];

              for (guint s = 0; s < n_scope; s++)
                fi += a[scope[s]] * fstride[b * n_scope + s];
              sum = val_add (sum, f->table[fi]);
            }
          if (x == 0 || val_cmp (&sum, &best, P->tol) < 0)
            {
              best = sum;
              arg = x;
            }
        }
      nf->table[idx] = best;
      e->arg[idx] = arg;
      idx++;
    }
  while (odometer_next (P, scope, n_scope, a));

  g_ptr_array_add (factors, nf);
  return e;
}

static void
elimination_free (gpointer data)
{
  Elimination *e = data;

  g_free (e->vars);
  g_free (e->stride);
  g_free (e->arg);
  g_free (e);
}

static gboolean
solve (Problem          *P,
       StrataLayerPlan  *plans_out,
       GError          **error)
{
  guint n = P->c->n_layers;
  g_autoptr(GPtrArray) factors = g_ptr_array_new_with_free_func (factor_free);
  g_autoptr(GPtrArray) elims = g_ptr_array_new_with_free_func (elimination_free);
  g_autofree gboolean *done = g_new0 (gboolean, n);
  g_autofree guint *scope = g_new0 (guint, n);
  g_autofree guint *a = g_new0 (guint, n);

  for (guint l = 0; l < n; l++)
    {
      Factor *g = layer_factor (P, l, error);

      if (g == NULL)
        return FALSE;
      g_ptr_array_add (factors, g);
    }
  for (guint i = 0; i + 1 < n; i++)
    if (P->c->interface[i] != 0)
      g_ptr_array_add (factors, interface_factor (P, i));

  for (guint k = 0; k < n; k++)
    {
      guint n_scope = 0;
      double size;
      int v = pick_variable (P, factors, done, scope, &n_scope, &size);

      if (size > MAX_TABLE_ENTRIES)
        {
          g_set_error (error, STRATA_DATASET_ERROR, STRATA_DATASET_ERROR_LIMIT,
                       "the co-design links couple the layers too densely for the exact roadmap search (a table of %.0f entries)",
                       size);
          return FALSE;
        }
      g_ptr_array_add (elims, eliminate (P, factors, (guint) v, scope, n_scope));
      done[v] = TRUE;
    }

  /* Read the signatures back, last eliminated first. */
  for (guint k = elims->len; k-- > 0;)
    {
      const Elimination *e = g_ptr_array_index (elims, k);
      gsize idx = 0;

      for (guint s = 0; s < e->n; s++)
        idx += a[e->vars[s]] * e->stride[s];
      a[e->var] = e->arg[idx];
    }

  for (guint l = 0; l < n; l++)
    {
      const LayerInfo *li = &P->L[l];
      gsize idx = 0, stride = 1;
      const LPlan *lp;

      for (guint s = li->n_scope; s-- > 0;)
        {
          idx += a[li->scope[s]] * stride;
          stride *= P->L[li->scope[s]].n_dom;
        }
      lp = &li->plans[li->plan_arg[idx]];
      plans_out[l].option = lp->option;
      plans_out[l].decide_year = lp->decide;
    }
  return TRUE;
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

  P = problem_new (dataset, objective);
  ok = solve (P, plans_out, error);
  problem_free (P);
  return ok;
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
  Val best = { 0, 0, 0, 0 };
  gboolean have = FALSE;
  guint n_tied = 0;

  g_return_val_if_fail (dataset != NULL && dataset->horizon != NULL, 0);

  P = problem_new (dataset, objective);
  n = dataset->n_layers;
  pick = g_new0 (guint, MAX (n, 1));
  plans = g_new0 (StrataLayerPlan, MAX (n, 1));

  for (;;)
    {
      Val v = { 0, 0, 0, 0 };
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
      if (have && fabs (v.c - best.c) <= P->tol)
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
