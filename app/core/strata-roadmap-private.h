/* strata-roadmap-private.h: the exact optimal roadmap's problem
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "strata-horizon-private.h"

G_BEGIN_DECLS

/*
 * The problem strata-roadmap.c builds (a layer's plans and signatures,
 * the factors g_l and h_i) and strata-roadmap-solve.c solves by variable
 * elimination; strata-roadmap.c says why that is exact.
 */

/* Largest table the search may build (entries of 32 bytes: Factor). */
#define MAX_TABLE_ENTRIES (1u << 23)

typedef struct
{
  double  c;
  double  m;      /* magnitude: the sum of the terms of c without their signs, for the tolerance */
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
  guint   w_lo;    /* w is 0 outside [w_lo, w_hi) */
  guint   w_hi;
  Val     tie;
} LPlan;

/* The rest of a Val: its tie-breaks. */
typedef struct
{
  int     sw;
  int     ys;
  guint64 code;
} ValTie;

/* A table of Vals by their parts (the search reads c of many entries,
 * the rest of a few: each part its own array). */
typedef struct
{
  guint   n;
  guint  *vars;
  gsize  *stride;
  gsize   size;
  double *c;
  double *m;
  ValTie *tie;
  double  max_m;  /* at least every entry's magnitude (strata-roadmap-solve.c) */
} Factor;

static inline Val
factor_val (const Factor *f,
            gsize         i)
{
  Val v = { f->c[i], f->m[i], f->tie[i].sw, f->tie[i].ys, f->tie[i].code };

  return v;
}

static inline void
factor_store (Factor    *f,
              gsize      i,
              const Val *v)
{
  f->c[i] = v->c;
  f->m[i] = v->m;
  f->tie[i].sw = v->sw;
  f->tie[i].ys = v->ys;
  f->tie[i].code = v->code;
}

typedef struct
{
  LPlan      *plans;
  guint       n_plans;
  gboolean    coupled;     /* links save on the layer */
  guint      *dom;         /* signature values r, ascending */
  guint       n_dom;
  StrataMode  start_mode;
  StrataMode  other_mode;
  guint      *scope;       /* g_l: l and the layers linked into it, ascending */
  guint       n_scope;
  int        *plan_arg;    /* best plan per entry of g_l */
  /* the layout of g_l: the scope without l, the links into l (dataset
   * order) */
  Factor     *g;           /* (borrowed from Problem.factors) */
  guint      *src;
  gsize      *src_stride;
  guint       n_src;
  gsize       own_stride;
  guint      *links;
  guint       n_links;
  guint8     *first;       /* per plan: the first of its signature */
} LayerInfo;

/* One elimination of the search: the factors holding @var (in the order
 * their values are added), and the factor over @vars they become. */
typedef struct
{
  guint    var;
  guint    n;
  guint   *vars;
  gsize   *stride;
  guint   *arg;
  guint    nb;
  Factor **in;
  gsize   *fv;       /* nb: stride of @var in each */
  gsize   *fstride;  /* nb * n: stride of each of @vars in each */
  Factor  *out;
} Elimination;

/* The search is planned once per structure (the layers' plans and
 * domains, the factors' scopes, the order of eliminations: all set by
 * the start options, build years, modes and links, never by a drawn
 * number) and run on each draw's costs. */
typedef struct
{
  HorizonCtx             *c;
  gboolean                own_ctx;
  StrataHorizonObjective  objective;
  LayerInfo              *L;
  double                  tol;        /* relative to the magnitudes compared (Val.m) */
  /* the structure planned for (the context may be another draw's) */
  guint                   n_layers;
  guint                   years;
  guint                   n_links;
  guint                  *start;      /* n_layers: start options */
  guint                  *n_options;  /* n_layers */
  gboolean               *iface_zero; /* n_layers */
  GPtrArray              *factors;    /* Factor, owned: layers, interfaces, eliminations' */
  int                    *iface_of;   /* per factor: its interface, or -1 */
  GPtrArray              *elims;      /* Elimination, in order */
  guint                  *a;          /* n_layers: scratch */
  gsize                  *fat;        /* the largest bucket: where each factor's entries start */
  const double          **fc;         /* and its tables' parts */
  const double          **fm;
  double                 *cs;         /* the widest domain: the NPVs of its values */
  double                 *f;          /* years: scratch */
  double                 *mult;       /* n_links: scratch */
  guint                  *link_lo;    /* n_links: scratch */
  guint                  *link_hi;
  double                 *term;       /* years: scratch */
  double                 *from0;      /* years + 1: scratch */
  double                 *to_end;     /* years + 1: scratch */
} Problem;

static inline Val
val_add (Val a,
         Val b)
{
  Val r = { a.c + b.c, a.m + b.m, a.sw + b.sw, a.ys + b.ys, a.code + b.code };
  return r;
}

/* The tie-breaks of two values whose NPVs tie (MODEL.md 8): fewer
 * switches, then later ones, then earlier options. */
static inline int
tie_cmp (int     sw_a,
         int     ys_a,
         guint64 code_a,
         int     sw_b,
         int     ys_b,
         guint64 code_b)
{
  if (sw_a != sw_b)
    return sw_a < sw_b ? -1 : 1;
  if (ys_a != ys_b)
    return ys_a < ys_b ? -1 : 1;
  if (code_a != code_b)
    return code_a < code_b ? -1 : 1;
  return 0;
}

static inline int
val_cmp (const Val *a,
         const Val *b,
         double     rel)
{
  double tol = rel * MAX (a->m, b->m);

  if (a->c < b->c - tol)
    return -1;
  if (a->c > b->c + tol)
    return 1;
  return tie_cmp (a->sw, a->ys, a->code, b->sw, b->ys, b->code);
}

/* val_cmp () of @a and entry @i of @f, its tie-breaks read only when the
 * NPVs tie. */
static inline int
val_cmp_at (const Val    *a,
            const Factor *f,
            gsize         i,
            double        rel)
{
  double c = f->c[i], tol = rel * MAX (a->m, f->m[i]);
  const ValTie *t;

  if (a->c < c - tol)
    return -1;
  if (a->c > c + tol)
    return 1;
  t = &f->tie[i];
  return tie_cmp (a->sw, a->ys, a->code, t->sw, t->ys, t->code);
}

/* The search's refusal of a table of @size entries (over
 * MAX_TABLE_ENTRIES): for the links into @layer (an id), or for the
 * layers the links couple (NULL). */
void     _strata_roadmap_too_large             (GError       **error,
                                                const char    *layer,
                                                double         size);
/* Strata's tables over the signatures of some layers (strata-roadmap.c). */
Factor  *_strata_roadmap_factor_new            (const Problem *P,
                                                const guint   *vars,
                                                guint          n);
/* Steps the odometer @a over @vars; FALSE after the last assignment. */
gboolean _strata_roadmap_odometer_next         (const Problem *P,
                                                const guint   *vars,
                                                guint          n,
                                                guint         *a);
/* The layout of g_l (the least own cost of layer l per signature, given
 * the signatures of the layers linked into it). */
Factor  *_strata_roadmap_layer_factor_new      (Problem       *P,
                                                guint          l,
                                                GError       **error);
/* g_l on the draw's costs. */
void     _strata_roadmap_layer_factor_fill     (Problem       *P,
                                                guint          l);
/* h_i: the market interface between layers i and i+1 on the draw's
 * volumes and discounts. */
void     _strata_roadmap_interface_factor_fill (Problem       *P,
                                                guint          i,
                                                Factor        *h);

/* The variable elimination (strata-roadmap-solve.c): the factors and the
 * order of eliminations, once per structure ... */
gboolean _strata_roadmap_schedule              (Problem       *P,
                                                GError       **error);
/* ... and the search on the problem's costs: the optimal plan of every
 * layer. */
void     _strata_roadmap_solve                 (Problem         *P,
                                                StrataLayerPlan *plans_out);

G_END_DECLS
