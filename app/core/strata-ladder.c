/* strata-ladder.c
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

#include "strata-model-private.h"

/*
 * The integration ladder (MODEL.md section 5).
 */

/* ------------------------------------------------------------------ */
/* Section 5: the integration ladder                                    */
/* ------------------------------------------------------------------ */

static int
compare_flips (gconstpointer a,
               gconstpointer b)
{
  const StrataFlip *x = a, *y = b;

  if (x->volume != y->volume)
    return x->volume < y->volume ? -1 : 1;
  return x->layer < y->layer ? -1 : x->layer > y->layer ? 1 : 0;
}

/* Every change of layer @layer's optimal option between @lo (option
 * @from) and @hi (option @to), each located by bisection to
 * STRATA_VOLUME_PRECISION: a mode flip or a change within one mode
 * (MODEL.md section 5).  Several changes in one interval are found one
 * after the other. */
static void
locate_flips (const StrataDataset *dataset,
              Plan                *plan,
              guint32             *hint,
              guint               *scratch,
              guint                layer,
              double               lo,
              guint                from,
              double               hi,
              guint                to,
              GArray              *flips)
{
  const StrataLayer *l = &dataset->layers[layer];

  for (guint step = 0; step < 64 && from != to; step++)
    {
      double a = lo, b = hi;
      guint above = to;
      StrataFlip flip;

      while (b / a - 1.0 > STRATA_VOLUME_PRECISION / 2)
        {
          double mid = sqrt (a * b);

          if (mid <= a || mid >= b)
            break;
          _strata_plan_optimize_hinted (plan, mid, scratch, hint);
          if (scratch[layer] == from)
            a = mid;
          else
            {
              b = mid;
              above = scratch[layer];
            }
        }

      flip.layer = layer;
      flip.volume = sqrt (a * b);
      flip.from_option = from;
      flip.to_option = above;
      flip.from = l->options[from].mode;
      flip.to = l->options[above].mode;
      g_array_append_val (flips, flip);

      lo = b;
      from = above;
    }
}

/* The optimum and its cost at grid point @p. */
static void
ladder_point (StrataLadder        *ladder,
              const StrataDataset *dataset,
              Plan                *plan,
              guint32             *hint,
              guint                p)
{
  guint *row = ladder->choices + (gsize) p * ladder->n_layers;

  _strata_plan_optimize_hinted (plan, ladder->volumes[p], row, hint);
  ladder->costs[p] = strata_objective_unit_cost (dataset, row, ladder->objective,
                                                 ladder->volumes[p]);
}

StrataLadder *
strata_ladder_new (const StrataDataset *dataset,
                   guint                n_points)
{
  return strata_ladder_new_full (dataset, STRATA_OBJECTIVE_EFFECTIVE, n_points);
}

StrataLadder *
strata_ladder_new_full (const StrataDataset *dataset,
                        StrataObjective      objective,
                        guint                n_points)
{
  StrataLadder *ladder;
  g_autoptr(GArray) flips = NULL;
  g_autofree guint *scratch = NULL;
  guint32 hint = 0;
  Plan *plan;
  guint n;

  g_return_val_if_fail (dataset != NULL, NULL);
  g_return_val_if_fail (n_points >= 2, NULL);
  g_return_val_if_fail (dataset->volume_min > 0 && dataset->volume_max >= dataset->volume_min,
                        NULL);

  plan = _strata_plan_new (dataset, objective);
  if (plan == NULL)
    return NULL;

  n = dataset->n_layers;
  ladder = g_new0 (StrataLadder, 1);
  ladder->objective = objective;
  ladder->n_points = n_points;
  ladder->n_layers = n;
  ladder->volumes = g_new (double, n_points);
  ladder->choices = g_new (guint, (gsize) n_points * n);
  ladder->costs = g_new (double, n_points);

  strata_log_space (dataset->volume_min, dataset->volume_max, n_points, ladder->volumes);

  /* Every solve is made in a window of the optimizer that skips the
   * options that cannot be optimal there (strata-optimizer-window.c): the
   * same optima, found among a few options a layer, in the same order
   * and from the same hints as without windows. */
  _strata_plan_window_base (plan, ladder->volumes[0], ladder->volumes[n_points - 1]);
  for (guint p = 0; p < n_points; p++)
    {
      guint w = p + 1 < n_points ? p : p - 1;

      _strata_plan_window (plan, ladder->volumes[w], ladder->volumes[w + 1]);
      ladder_point (ladder, dataset, plan, &hint, p);
    }

  flips = g_array_new (FALSE, FALSE, sizeof (StrataFlip));
  scratch = g_new (guint, n);
  for (guint p = 0; p + 1 < n_points; p++)
    {
      const guint *row_lo = ladder->choices + (gsize) p * n;
      const guint *row_hi = row_lo + n;
      gboolean windowed = FALSE;

      for (guint i = 0; i < n; i++)
        if (row_lo[i] != row_hi[i])
          {
            if (!windowed)
              _strata_plan_window (plan, ladder->volumes[p], ladder->volumes[p + 1]);
            windowed = TRUE;
            locate_flips (dataset, plan, &hint, scratch, i, ladder->volumes[p], row_lo[i],
                          ladder->volumes[p + 1], row_hi[i], flips);
          }
    }
  _strata_plan_free (plan);

  g_array_sort (flips, compare_flips);
  ladder->n_flips = flips->len;
  ladder->flips = (StrataFlip *) (gpointer) g_array_free (g_steal_pointer (&flips), FALSE);

  return ladder;
}

void
strata_ladder_free (StrataLadder *ladder)
{
  if (ladder == NULL)
    return;

  g_free (ladder->volumes);
  g_free (ladder->choices);
  g_free (ladder->costs);
  g_free (ladder->flips);
  g_free (ladder);
}

