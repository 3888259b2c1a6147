/* strata-breakeven-first.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-model"

#include "config.h"

#include <math.h>

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
