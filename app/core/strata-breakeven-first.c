/* strata-breakeven-first.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-model"

#include "config.h"

#include <math.h>
#include <string.h>

#include "strata/strata-model.h"

#include "strata-breakeven-diff-private.h"

/* The first crossing only (the Monte Carlo's, per draw): scan_samples ()
 * taken in order and walked as walk_samples () walks them, up to the
 * first crossing.  A dip search at a sample needs the next one and finds
 * a point strictly between its neighbours: once scan sample j is taken,
 * all up to sample j - 1 is final and may be walked. */
typedef struct
{
  Diff             *diff;
  StrataBreakeven  *result;
  GArray           *walk;    /* Sample: final, in the order walk_samples () sees them */
  guint             cursor;  /* the walk's next sample */
  Sample            dips[2]; /* found, not yet final (ascending) */
  guint             n_dips;
} FirstWalk;

/* Walks what is final; TRUE when a crossing was found.  @last: every
 * sample is in (a run of equal samples may end the walk). */
static gboolean
first_walk_step (FirstWalk *fw,
                 gboolean   last)
{
  GArray *w = fw->walk;

  while (fw->cursor < w->len && fw->result->crossings->len == 0)
    {
      const Sample *sample = &g_array_index (w, Sample, fw->cursor);

      if (sample->sign == 0)
        {
          guint end = fw->cursor;

          while (end < w->len && g_array_index (w, Sample, end).sign == 0)
            end++;
          if (end == w->len && !last)
            return FALSE;
          _strata_diff_add_equal_run (fw->diff, fw->result, w, fw->cursor, end);
          fw->cursor = end;
          continue;
        }
      if (fw->cursor > 0)
        {
          const Sample *prev = &g_array_index (w, Sample, fw->cursor - 1);

          if (prev->sign != 0 && prev->sign != sample->sign)
            _strata_breakeven_add_crossing (fw->result,
                                            _strata_diff_refine_crossing (fw->diff, prev->volume,
                                                                          sample->volume, prev->sign),
                                            sample->sign);
        }
      fw->cursor++;
    }
  return fw->result->crossings->len > 0;
}

/* Makes the scan sample @s final, with the found points not above it,
 * in the order g_array_sort gives (by volume; at the same volume the
 * scan sample first, then found points in the order found).  @s NULL:
 * every found point. */
static void
first_walk_settle (FirstWalk    *fw,
                   const Sample *s)
{
  gboolean placed = s == NULL;

  while (fw->n_dips > 0 && (s == NULL || fw->dips[0].volume <= s->volume))
    {
      if (!placed && fw->dips[0].volume == s->volume)
        {
          g_array_append_val (fw->walk, *s);
          placed = TRUE;
        }
      g_array_append_val (fw->walk, fw->dips[0]);
      fw->dips[0] = fw->dips[1];
      fw->n_dips--;
    }
  if (!placed)
    g_array_append_val (fw->walk, *s);
}

/* Takes the sample at @volume (after the n before it in @s), the dip
 * search at the one before, and walks what is final; TRUE when the
 * first crossing was found. */
static gboolean
first_walk_take (FirstWalk *fw,
                 Sample    *s,
                 guint     *n_io,
                 double     volume)
{
  guint n = *n_io;
  Sample found;

  s[n].volume = volume;
  s[n].sign = _strata_diff_eval (fw->diff, volume, &s[n].d, &s[n].scale);
  *n_io = ++n;
  /* The dip search at sample n - 2 (search_dips ()), then what is final
   * up to it. */
  if (n >= 3)
    {
      const Sample *prev = &s[n - 3], *cur = &s[n - 2], *next = &s[n - 1];
      int sg = cur->sign;
      double noise = 4 * STRATA_CHEAPER_TOLERANCE * cur->scale;

      if (sg != 0 && prev->sign == sg && next->sign == sg &&
          sg * cur->d < sg * prev->d - noise && sg * cur->d < sg * next->d - noise &&
          _strata_diff_search_dip (fw->diff, prev, next, sg, &found))
        {
          guint j = fw->n_dips++;

          for (; j > 0 && fw->dips[j - 1].volume > found.volume; j--)
            fw->dips[j] = fw->dips[j - 1];
          fw->dips[j] = found;
        }
    }
  if (n < 2)
    return FALSE;
  first_walk_settle (fw, &s[n - 2]);
  return first_walk_step (fw, FALSE);
}

double
_strata_breakeven_first_with (const StrataDataset   *values,
                              const StrataStrategy  *a,
                              const StrataStrategy  *b,
                              StrataObjective        objective,
                              const double          *scan,
                              guint                  n_scan,
                              StrataPairCostFunc     costs,
                              StrataPairChoicesFunc  choices,
                              gpointer               costs_data)
{
  g_autoptr(GArray) points = g_array_sized_new (FALSE, FALSE, sizeof (double), n_scan + 16);
  g_autoptr(GArray) opt_kinks = NULL;
  g_autoptr(StrataBreakeven) result = NULL;
  g_autofree Sample *s = NULL;
  KinkFilter filter = { 0, NULL };
  g_autofree double *filter_bounds = NULL;
  Diff diff;
  FirstWalk fw = { &diff, NULL, NULL, 0, { { 0 } }, 0 };
  const double *p;
  guint n = 0, next_kink = 0;

  g_return_val_if_fail (n_scan >= 2 && costs != NULL && values->volume_max > values->volume_min,
                        NAN);

  fw.result = result = _strata_breakeven_result_new (objective, values->volume_min,
                                                     values->volume_max);
  _strata_diff_init (&diff, values, a, b, objective, costs, costs_data);
  diff.costs_choices = choices;

  g_array_append_vals (points, scan, n_scan);
  /* An optimal side's kinks apart, taken in order where its curve may
   * bend (scan_samples ()). */
  opt_kinks = _strata_diff_scan_kinks (&diff, values->volume_min, values->volume_max, points,
                                       &filter);
  filter_bounds = filter.link_bound;
  p = (const double *) (gpointer) points->data;
  s = g_new (Sample, points->len + (opt_kinks != NULL ? opt_kinks->len : 0));
  fw.walk = g_array_sized_new (FALSE, FALSE, sizeof (Sample), points->len + 16);

  for (guint i = 0; i < points->len; i++)
    {
      if (i > 0 && p[i] == p[i - 1])
        continue;
      while (opt_kinks != NULL && next_kink < opt_kinks->len &&
             g_array_index (opt_kinks, Kink, next_kink).volume <= p[i])
        {
          const Kink *kink = &g_array_index (opt_kinks, Kink, next_kink++);

          if (kink->volume == p[i] || (n > 0 && s[n - 1].volume >= kink->volume) ||
              !_strata_kink_may_bend (&diff, kink, &filter))
            continue;
          if (first_walk_take (&fw, s, &n, kink->volume))
            goto found;
        }
      if (first_walk_take (&fw, s, &n, p[i]))
        goto found;
    }
  if (n > 0)
    {
      first_walk_settle (&fw, &s[n - 1]);
      first_walk_settle (&fw, NULL);
      first_walk_step (&fw, TRUE);
    }
found:
  g_array_unref (fw.walk);
  return result->crossings->len > 0 ? g_array_index (result->crossings, StrataCrossing, 0).volume
                                    : NAN;
}

/*
 * An optimal side that cannot meet the other anywhere (issue 15: on 120
 * layers x 41 options with every number uncertain, the Monte Carlo's
 * break-even of Optimal against a strategy walked some 260 optima a
 * draw, three quarters of its 32 s, and no draw crossed).
 *
 * Optimal O never costs more than any strategy S, and a strategy's cost
 * never rises with the volume (MODEL.md 2: each variable cost is a
 * learning curve above its floor or flat, each fixed cost is spread
 * over V, interfaces and ecosystem values are per unit).  So over
 * [lo, hi], F - O >= F (hi) - S (lo) for the fixed side F and any S.
 * When that exceeds APART_MARGIN of the magnitudes (the sums of the
 * parts without their signs, at lo, which bound those at every volume
 * above; O's below S's plus twice the most ecosystem value), every cost
 * the walk can read there, rounded as it may be, has F cheaper or
 * dearer by far more than the tie tolerance (1e-12): the sign never
 * changes and is never "equal", and the walk finds no crossing.  Each
 * part of the range is tried against the cheapest at lo of a few optima
 * (at the ends and the middle, then at each part halved), down to
 * 1/2^APART_DEPTH of it; a part that stays unproven leaves the draw to
 * the walk.
 */

#define APART_PARTS      32
#define APART_DEPTH      6
#define APART_CANDIDATES 12
#define APART_MARGIN     1e-9

typedef struct
{
  const StrataDataset *values;
  StrataObjective      objective;
  const guint         *fixed;
  guint               *cand;    /* APART_CANDIDATES rows of choices */
  guint                n_cand;
  double               eco2;    /* twice the most ecosystem value */
} Apart;

/* The objective's cost of @choices at @v and its magnitude. */
static gboolean
apart_cost (const Apart  *ap,
            const guint  *choices,
            double        v,
            double       *cost,
            double       *magnitude)
{
  StrataOutcome o;

  strata_evaluate (ap->values, choices, v, &o, NULL);
  *cost = strata_outcome_cost (&o, ap->objective);
  *magnitude = o.unit_cost + (ap->objective == STRATA_OBJECTIVE_EFFECTIVE ? o.ecosystem_value : 0);
  return isfinite (*cost) && isfinite (*magnitude);
}

/* The optimum at @v as one more candidate; FALSE when F, costing @f_v
 * there (@m_f its magnitude), is within the margin of it: the two meet
 * or nearly, and nothing is shown (a strategy that is optimal at the
 * bottom of the range, as All neutral often is, is told at once). */
static gboolean
apart_add_optimum (Apart  *ap,
                   double  v,
                   double  f_v,
                   double  m_f)
{
  guint *row = ap->cand + (gsize) ap->n_cand * ap->values->n_layers;
  double o, m_o;

  if (ap->n_cand == APART_CANDIDATES)
    return TRUE;
  strata_optimize_full (ap->values, ap->objective, v, row);
  ap->n_cand++;
  return apart_cost (ap, row, v, &o, &m_o) && f_v - o > APART_MARGIN * (m_f + m_o + ap->eco2);
}

/* Whether F - O keeps clear of 0 over [@lo, @hi], F costing @f_lo and
 * @f_hi at the ends (@m_f: its magnitude at lo). */
static gboolean
apart_part (Apart  *ap,
            double  lo,
            double  hi,
            double  f_lo,
            double  m_f,
            double  f_hi,
            guint   depth)
{
  double s_lo = INFINITY, m_s = 0, mid, f_mid, m_mid;

  for (guint k = 0; k < ap->n_cand; k++)
    {
      double c, m;

      if (!apart_cost (ap, ap->cand + (gsize) k * ap->values->n_layers, lo, &c, &m))
        return FALSE;
      if (c < s_lo)
        s_lo = c, m_s = m;
    }
  if (f_hi - s_lo > APART_MARGIN * (m_f + m_s + ap->eco2))
    return TRUE;
  if (depth == 0)
    return FALSE;
  if (!apart_add_optimum (ap, lo, f_lo, m_f))
    return FALSE;
  mid = sqrt (lo) * sqrt (hi);
  if (!(mid > lo && mid < hi) || !apart_cost (ap, ap->fixed, mid, &f_mid, &m_mid))
    return FALSE;
  return apart_part (ap, lo, mid, f_lo, m_f, f_mid, depth - 1) &&
         apart_part (ap, mid, hi, f_mid, m_mid, f_hi, depth - 1);
}

static gint apart_off;
static guint apart_tried, apart_shown;

void
_strata_breakeven_set_apart (gboolean apart)
{
  g_atomic_int_set (&apart_off, !apart);
}

void
_strata_breakeven_apart_counts (guint *tried,
                                guint *shown)
{
  *tried = (guint) g_atomic_int_get (&apart_tried);
  *shown = (guint) g_atomic_int_get (&apart_shown);
}

gboolean
_strata_breakeven_optimum_apart (const StrataDataset  *values,
                                 const StrataStrategy *a,
                                 const StrataStrategy *b,
                                 StrataObjective       objective,
                                 double                volume_min,
                                 double                volume_max)
{
  const guint *fixed = a->choices != NULL ? a->choices : b->choices;
  guint nl = values->n_layers;
  g_autofree guint *cand = g_new (guint, (gsize) APART_CANDIDATES * MAX (nl, 1));
  Apart ap = { values, objective, fixed, cand, 0, 0 };
  double p[APART_PARTS + 1], f[APART_PARTS + 1], m[APART_PARTS + 1];

  g_return_val_if_fail (volume_min > 0 && volume_max > volume_min, FALSE);

  /* One side optimal, the other fixed. */
  if ((a->choices == NULL) == (b->choices == NULL) || g_atomic_int_get (&apart_off))
    return FALSE;
  g_atomic_int_inc (&apart_tried);

  if (objective == STRATA_OBJECTIVE_EFFECTIVE)
    for (guint i = 0; i < nl; i++)
      {
        double most = 0;

        for (guint k = 0; k < values->layers[i].n_options; k++)
          most = MAX (most, values->layers[i].options[k].ecosystem_value.value);
        ap.eco2 += 2 * most;
      }
  strata_log_space (volume_min, volume_max, APART_PARTS + 1, p);
  for (guint i = 0; i <= APART_PARTS; i++)
    if (!apart_cost (&ap, fixed, p[i], &f[i], &m[i]))
      return FALSE;
  if (!apart_add_optimum (&ap, volume_min, f[0], m[0]) ||
      !apart_add_optimum (&ap, volume_max, f[APART_PARTS], m[APART_PARTS]) ||
      !apart_add_optimum (&ap, p[APART_PARTS / 2], f[APART_PARTS / 2], m[APART_PARTS / 2]))
    return FALSE;
  for (guint i = 0; i < APART_PARTS; i++)
    if (!apart_part (&ap, p[i], p[i + 1], f[i], m[i], f[i + 1], APART_DEPTH))
      return FALSE;
  g_atomic_int_inc (&apart_shown);
  return TRUE;
}
