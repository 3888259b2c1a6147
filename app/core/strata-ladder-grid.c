/* strata-ladder-grid.c: the grid the ladder finds its flips on
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

#include "strata-model-private.h"

/*
 * A flip is found where the optimum differs at the two ends of a grid
 * interval, then located by bisection (MODEL.md section 5).  A layer
 * that leaves an option and comes back to it inside one interval (an
 * option cheapest over a narrow band of volumes: a price and a fixed
 * cost against a learning curve cross twice) shows no difference at the
 * ends, so a coarse grid lost such flips: `ladder --points 9` reported
 * none of the two that `--points 64` found.  The flips are a property of
 * the dataset, not of how many rows the user asked for, so they are
 * found on a grid of at least LADDER_FLIP_INTERVALS intervals: each of
 * the asked grid's intervals split into equal parts in log V, its own
 * points kept as the same doubles (strata_log_space ()).  A grid of 64
 * points or more is its own flip grid.
 */
#define LADDER_FLIP_INTERVALS 63

guint
_strata_ladder_grid_size (guint n_points)
{
  guint parts;

  g_return_val_if_fail (n_points >= 2, n_points);
  parts = (LADDER_FLIP_INTERVALS + n_points - 2) / (n_points - 1);
  return (n_points - 1) * parts + 1;
}

void
_strata_ladder_grid (double  volume_min,
                     double  volume_max,
                     guint   n_points,
                     double *grid)
{
  guint m = _strata_ladder_grid_size (n_points), parts = (m - 1) / (n_points - 1);
  g_autofree double *asked = g_new (double, n_points);

  strata_log_space (volume_min, volume_max, n_points, asked);
  for (guint p = 0; p + 1 < n_points; p++)
    {
      double step = log (asked[p + 1] / asked[p]) / parts;

      grid[p * parts] = asked[p];
      for (guint s = 1; s < parts; s++)
        grid[p * parts + s] = CLAMP (asked[p] * exp (step * s), asked[p], asked[p + 1]);
    }
  grid[m - 1] = asked[n_points - 1];
}

StrataLadder *
_strata_ladder_pick_points (StrataLadder *fine,
                            guint         n_points)
{
  StrataLadder *ladder;
  guint parts, n = fine->n_layers;

  g_return_val_if_fail (n_points >= 2 && (fine->n_points - 1) % (n_points - 1) == 0, NULL);
  if (fine->n_points == n_points)
    return fine;
  parts = (fine->n_points - 1) / (n_points - 1);
  ladder = g_new0 (StrataLadder, 1);
  *ladder = *fine;
  ladder->n_points = n_points;
  ladder->volumes = g_new (double, n_points);
  ladder->choices = g_new (guint, (gsize) n_points * n);
  ladder->costs = g_new (double, n_points);
  for (guint p = 0; p < n_points; p++)
    {
      guint q = p * parts;

      ladder->volumes[p] = fine->volumes[q];
      ladder->costs[p] = fine->costs[q];
      memcpy (ladder->choices + (gsize) p * n, fine->choices + (gsize) q * n, n * sizeof (guint));
    }
  fine->flips = NULL;
  fine->n_flips = 0;
  strata_ladder_free (fine);
  return ladder;
}
