/* strata-roadmap-solve.c: the exact optimal roadmap by variable elimination
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * min over signatures of sum_l g_l + sum_i h_i (strata-roadmap.c), solved
 * exactly by eliminating one layer's signature at a time, the order greedy
 * by table size, then the choices read back.
 */

#define G_LOG_DOMAIN "strata-horizon"

#include "config.h"

#include <math.h>
#include <string.h>

#include "strata-roadmap-private.h"

static void
factor_free (gpointer data)
{
  Factor *f = data;

  g_free (f->vars);
  g_free (f->stride);
  g_free (f->c);
  g_free (f->m);
  g_free (f->tie);
  g_free (f);
}

static void
elimination_free (gpointer data)
{
  Elimination *e = data;

  g_free (e->vars);
  g_free (e->stride);
  g_free (e->arg);
  g_free (e->in);
  g_free (e->fv);
  g_free (e->fstride);
  g_free (e);
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

/* Plans the elimination of @v: the factors of @live holding it (taken
 * out, last first) become one over @scope, added to @live. */
static Elimination *
eliminate_plan (Problem       *P,
                GPtrArray     *live,
                guint          v,
                const guint   *scope,
                guint          n_scope)
{
  g_autoptr(GPtrArray) bucket = g_ptr_array_new ();
  Elimination *e = g_new0 (Elimination, 1);
  Factor *nf = _strata_roadmap_factor_new (P, scope, n_scope);
  guint nb;

  for (guint i = live->len; i-- > 0;)
    {
      Factor *f = g_ptr_array_index (live, i);

      for (guint j = 0; j < f->n; j++)
        if (f->vars[j] == v)
          {
            g_ptr_array_add (bucket, g_ptr_array_steal_index (live, i));
            break;
          }
    }
  nb = bucket->len;
  e->nb = nb;
  e->in = g_new0 (Factor *, MAX (nb, 1));
  e->fstride = g_new0 (gsize, MAX (nb * n_scope, 1));
  e->fv = g_new0 (gsize, MAX (nb, 1));
  for (guint b = 0; b < nb; b++)
    {
      const Factor *f = g_ptr_array_index (bucket, b);

      e->in[b] = g_ptr_array_index (bucket, b);
      for (guint j = 0; j < f->n; j++)
        {
          if (f->vars[j] == v)
            e->fv[b] = f->stride[j];
          for (guint s = 0; s < n_scope; s++)
            if (scope[s] == f->vars[j])
              e->fstride[b * n_scope + s] = f->stride[j];
        }
    }

  e->var = v;
  e->n = n_scope;
  e->vars = g_memdup2 (scope, sizeof (guint) * MAX (n_scope, 1));
  e->stride = g_memdup2 (nf->stride, sizeof (gsize) * MAX (n_scope, 1));
  e->arg = g_new0 (guint, nf->size);
  e->out = nf;
  g_ptr_array_add (live, nf);
  g_ptr_array_add (P->factors, nf);
  return e;
}

/* The sum of the factors' values at @x of the eliminated variable (their
 * entries starting at @fat). */
static inline Val
elimination_value (const Elimination *e,
                   const gsize       *fat,
                   guint              x)
{
  Val sum = { 0, 0, 0, 0, 0 };

  for (guint b = 0; b < e->nb; b++)
    sum = val_add (sum, factor_val (e->in[b], fat[b] + x * e->fv[b]));
  return sum;
}

/* The next assignment @a of @e's scope (_strata_roadmap_odometer_next ()),
 * where each factor's entries of it start (@fat) moved with it; FALSE
 * after the last. */
static inline gboolean
elimination_next (const Problem     *P,
                  const Elimination *e,
                  guint             *a,
                  gsize             *fat)
{
  guint n = e->n, nb = e->nb;

  for (guint i = n; i-- > 0;)
    {
      guint v = e->vars[i], nd = P->L[v].n_dom;

      if (++a[v] < nd)
        {
          for (guint b = 0; b < nb; b++)
            fat[b] += e->fstride[b * n + i];
          return TRUE;
        }
      a[v] = 0;
      for (guint b = 0; b < nb; b++)
        fat[b] -= (gsize) (nd - 1) * e->fstride[b * n + i];
    }
  return FALSE;
}

/* Into @cs, the NPV of each of the @dv values of the eliminated
 * variable: the sum of its factors' NPVs (@fc, their entries starting
 * at @fat), in the factors' order; four values at once (four sums that
 * do not wait on each other, each the same additions in the same
 * order). */
static inline void
elimination_npvs (const Elimination  *e,
                  const double      **fc,
                  const gsize        *fat,
                  guint               dv,
                  double             *cs)
{
  guint nb = e->nb, x = 0;

  for (; x + 4 <= dv; x += 4)
    {
      double c0 = 0, c1 = 0, c2 = 0, c3 = 0;

      for (guint b = 0; b < nb; b++)
        {
          gsize step = e->fv[b];
          const double *in = fc[b] + fat[b] + x * step;

          c0 += in[0];
          c1 += in[step];
          c2 += in[2 * step];
          c3 += in[3 * step];
        }
      cs[x] = c0;
      cs[x + 1] = c1;
      cs[x + 2] = c2;
      cs[x + 3] = c3;
    }
  for (; x < dv; x++)
    {
      double c = 0;

      for (guint b = 0; b < nb; b++)
        c += fc[b][fat[b] + x * e->fv[b]];
      cs[x] = c;
    }
}

/* The elimination @e on its factors' tables. */
static void
eliminate_run (Problem           *P,
               const Elimination *e)
{
  guint nb = e->nb, dv = P->L[e->var].n_dom;
  guint *a = P->a;
  gsize *fat = P->fat;
  const double **fc = P->fc, **fm = P->fm;
  double *cs = P->cs;
  Factor *out = e->out;
  gsize idx = 0;
  double max_m = 0;

  /* At least the magnitude of every sum of the factors' entries. */
  for (guint b = 0; b < nb; b++)
    max_m += e->in[b]->max_m;
  e->out->max_m = 0;
  memset (a, 0, sizeof (guint) * P->c->n_layers);
  /* Where each factor's entries of the assignment start (x = 0),
   * following the odometer (elimination_next ()). */
  for (guint b = 0; b < nb; b++)
    {
      fat[b] = 0;
      fc[b] = e->in[b]->c;
      fm[b] = e->in[b]->m;
    }
  do
    {
      Val best = { 0, 0, 0, 0, 0 };
      guint arg = 0;

      /* val_cmp () looks past the NPVs only when they are within the
       * tolerance: the NPV sums first, the whole sum of a value only for
       * such near ties (the same additions in the same order). */
      gboolean have_best = FALSE;
      double best_c = 0, best_m = 0;

      elimination_npvs (e, fc, fat, dv, cs);
      for (guint x = 0; x < dv; x++)
        {
          double c = cs[x], m = 0, tol;

          /* Dearer than the best by more than any tolerance the
           * magnitudes allow (each at most its factor's largest, and
           * sums of the same order only grow with their terms): the
           * test below would drop it too. */
          if (x > 0 && c > best_c + P->tol * MAX (max_m, best_m))
            continue;
          for (guint b = 0; b < nb; b++)
            m += fm[b][fat[b] + x * e->fv[b]];
          tol = P->tol * MAX (m, best_m);
          if (x > 0 && c > best_c + tol)
            continue;
          if (x == 0 || c < best_c - tol)
            {
              best_c = c;
              best_m = m;
              arg = x;
              have_best = FALSE;
              continue;
            }
          {
            Val sum = { 0, 0, 0, 0, 0 };

            for (guint b = 0; b < nb; b++)
              sum = val_add (sum, factor_val (e->in[b], fat[b] + x * e->fv[b]));
            if (!have_best)
              best = elimination_value (e, fat, arg);
            have_best = TRUE;
            if (val_cmp (&sum, &best, P->tol) < 0)
              {
                best = sum;
                best_c = sum.c;
                best_m = sum.m;
                arg = x;
              }
          }
        }
      if (!have_best)
        {
          /* The sums of arg's NPVs and magnitudes are known (the same
           * additions): its tie-breaks alone. */
          best.c = best_c;
          best.m = best_m;
          best.sw = best.ys = 0;
          best.code = 0;
          for (guint b = 0; b < nb; b++)
            {
              const ValTie *t = &e->in[b]->tie[fat[b] + arg * e->fv[b]];

              best.sw += t->sw;
              best.ys += t->ys;
              best.code += t->code;
            }
        }
      factor_store (out, idx, &best);
      out->max_m = MAX (out->max_m, best.m);
      e->arg[idx] = arg;
      idx++;
    }
  while (elimination_next (P, e, a, fat));
}

/* The factors and the order of eliminations (once per structure). */
gboolean
_strata_roadmap_schedule (Problem  *P,
                          GError  **error)
{
  guint n = P->c->n_layers;
  g_autoptr(GPtrArray) live = g_ptr_array_new ();
  g_autofree gboolean *done = g_new0 (gboolean, MAX (n, 1));
  g_autofree guint *scope = g_new0 (guint, MAX (n, 1));
  guint most = 1;

  P->factors = g_ptr_array_new_with_free_func (factor_free);
  P->elims = g_ptr_array_new_with_free_func (elimination_free);
  P->iface_of = g_new (int, 2 * MAX (n, 1) + n);
  for (guint l = 0; l < n; l++)
    {
      Factor *g = _strata_roadmap_layer_factor_new (P, l, error);

      if (g == NULL)
        return FALSE;
      P->iface_of[P->factors->len] = -1;
      g_ptr_array_add (P->factors, g);
      g_ptr_array_add (live, g);
    }
  for (guint i = 0; i + 1 < n; i++)
    if (P->c->interface[i] != 0)
      {
        guint vars[2] = { i, i + 1 };
        Factor *h = _strata_roadmap_factor_new (P, vars, 2);

        P->iface_of[P->factors->len] = (int) i;
        g_ptr_array_add (P->factors, h);
        g_ptr_array_add (live, h);
      }

  for (guint k = 0; k < n; k++)
    {
      guint n_scope = 0;
      double size;
      int v = pick_variable (P, live, done, scope, &n_scope, &size);
      Elimination *e;

      if (size > MAX_TABLE_ENTRIES)
        {
          _strata_roadmap_too_large (error, NULL, size);
          return FALSE;
        }
      e = eliminate_plan (P, live, (guint) v, scope, n_scope);
      P->iface_of[P->factors->len - 1] = -1;
      g_ptr_array_add (P->elims, e);
      most = MAX (most, e->nb);
      done[v] = TRUE;
    }
  P->fat = g_new0 (gsize, most);
  {
    guint widest = 1;

    for (guint l = 0; l < n; l++)
      widest = MAX (widest, P->L[l].n_dom);
    P->cs = g_new0 (double, widest);
  }
  P->fc = g_new0 (const double *, most);
  P->fm = g_new0 (const double *, most);
  return TRUE;
}

/* The search on the problem's costs: the optimal plan of every layer. */
void
_strata_roadmap_solve (Problem          *P,
                       StrataLayerPlan  *plans_out)
{
  guint n = P->c->n_layers;
  guint *a = P->a;

  for (guint l = 0; l < n; l++)
    _strata_roadmap_layer_factor_fill (P, l);
  for (guint i = n; i < P->factors->len; i++)
    if (P->iface_of[i] >= 0)
      _strata_roadmap_interface_factor_fill (P, (guint) P->iface_of[i], g_ptr_array_index (P->factors, i));
  for (guint k = 0; k < P->elims->len; k++)
    eliminate_run (P, g_ptr_array_index (P->elims, k));

  /* Read the signatures back, last eliminated first. */
  memset (a, 0, sizeof (guint) * n);
  for (guint k = P->elims->len; k-- > 0;)
    {
      const Elimination *e = g_ptr_array_index (P->elims, k);
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
}
