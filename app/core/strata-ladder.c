/* strata-ladder.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-model"

#include "config.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "strata/strata-model.h"

#include "strata-ladder-excursion-private.h"
#include "strata-ladder-private.h"
#include "strata-optimizer-private.h"
#include "strata-uncertainty-private.h"

/*
 * The integration ladder (MODEL.md section 5).
 */

/* ------------------------------------------------------------------ */
/* Section 5: the integration ladder                                    */
/* ------------------------------------------------------------------ */

int
_strata_ladder_compare_flips (gconstpointer a,
                              gconstpointer b)
{
  const StrataFlip *x = a, *y = b;

  if (x->volume != y->volume)
    return x->volume < y->volume ? -1 : 1;
  return x->layer < y->layer ? -1 : x->layer > y->layer ? 1 : 0;
}
/* How often the certificate decided a step (tests and benchmarks). */
StrataLadderStats _strata_ladder_stats;
G_LOCK_DEFINE_STATIC (stats);

/* The optimum and its cost at grid point @p: the cost from the variable
 * bases the optimizer worked out there (@known and @bases, n_layers
 * each, scratch), the same doubles as strata_objective_unit_cost ()
 * (the cost strata_evaluate () gives for that strategy and volume). */
static void
ladder_point (StrataLadder        *ladder,
              const StrataDataset *dataset,
              Plan                *plan,
              guint                p,
              guint               *known,
              double              *bases)
{
  guint *row = ladder->choices + (gsize) p * ladder->n_layers;

  _strata_plan_optimize_bases (plan, ladder->volumes[p], row, known, bases);
  ladder->costs[p] = _strata_objective_unit_cost_known (dataset, row, ladder->objective,
                                                        ladder->volumes[p], known, bases, FALSE);
}

/* One ladder being worked out. */
typedef struct
{
  StrataLadder        *ladder;
  const StrataDataset *dataset;
  Plan                *plan;
  StrataJob           *job;
  GArray              *flips;
  guint               *scratch;
  double              *scratch_d;/* the locators' scratch */
  guint               *sets;     /* the locators' scratch of guints */
  guint               *known;    /* ladder_point ()'s scratch: n_layers */
  double              *bases;    /* and n_layers */
  guint8              *bytes;    /* and of bytes */
  double              *exc_d;    /* the band search's scratch (Locator) */
  guint               *exc_u;
  guint8              *exc_b;
  double              *anchor;     /* the band search's tangents (Locator) */
  guint8              *anchor_key;
  gboolean            *solved;   /* n_points: the grid point's optimum is known */
  LadderGroup          group;    /* the locators' group (certificate (e)) */
  StrataLadderStats    stats;
  gboolean             narrowing;/* nested windows still drop options */
  LadderTiny          *tiny;     /* grid points from all strategies, or NULL */
  LadderCarry         *carry;    /* else carried from the one before, or NULL */
  guint                widest;   /* options of the widest layer */
  gint                *done;     /* grid intervals done, by every worker */
  /* The grid point whose candidates' learning curves the locators'
   * scratch holds (loc->curves, as the upper end of the interval below
   * it), in the window curves_window; G_MAXUINT: none. */
  guint                curves_q;
  WindowMark           curves_window;
  StrataJob           *report;   /* the job whose progress is told, */
  GThread             *caller;   /* on this thread only */
} Ladder;

/* A locator of [lo, hi] on @run's scratch. */
static void
locator_init (Ladder  *run,
              Locator *loc,
              double   lo,
              double   hi)
{
  guint n = run->ladder->n_layers;

  memset (loc, 0, sizeof *loc);
  loc->job = run->job;
  loc->dataset = run->dataset;
  loc->plan = run->plan;
  loc->scratch = run->scratch;
  loc->flips = run->flips;
  loc->tiny = run->tiny;
  loc->stats = &run->stats;
  loc->interval.lo = run->scratch_d;
  loc->interval.hi = loc->interval.lo + 2 * n;
  loc->bracket.lo = loc->interval.hi + 2 * n;
  loc->bracket.hi = loc->bracket.lo + 2 * n;
  loc->cand = loc->bracket.hi + 2 * n;
  loc->chain = loc->cand + 4 * (gsize) run->widest;
  loc->chain_above = loc->chain + 4 * (gsize) n;
  loc->dearest = loc->chain_above + 2 * (gsize) n;
  loc->cand_all = loc->dearest + 2 * (gsize) n;
  loc->curves = loc->cand_all + 4 * (gsize) run->plan->n_options;
  loc->cand_set = loc->curves + 2 * (gsize) run->plan->n_options;
  loc->set_start = run->sets;
  loc->set_list = loc->set_start + n + 1;
  loc->set_pos = loc->set_list + run->plan->n_options;
  loc->ks_all = loc->set_pos + run->plan->n_options;
  loc->explicit_layers = loc->ks_all + run->plan->n_options;
  loc->dearest_at = loc->explicit_layers + n;
  loc->fast = run->bytes;
  loc->exc_d = run->exc_d;
  loc->exc_u = run->exc_u;
  loc->exc_b = run->exc_b;
  loc->anchor = run->anchor;
  loc->anchor_key = run->anchor_key;
  loc->interval.modes = loc->fast + n;
  loc->bracket.modes = loc->interval.modes + n;
  loc->nb_layer = G_MAXUINT;
  loc->lk_layer = G_MAXUINT;
  loc->pr_layer = G_MAXUINT;
  loc->gp_layer = G_MAXUINT;
  loc->gf_layer = G_MAXUINT;
  loc->od_layer = G_MAXUINT;
  loc->group = &run->group;
  loc->lo = lo;
  loc->hi = hi;
  run->plan->memo_lo = lo;
  run->plan->memo_hi = hi;
}

/* The variable bases of @row at @v into @bases (@known: its options),
 * the same doubles as the model's: at an end of the window, from the
 * learning curves it holds of its candidates (the row's options are
 * some), else by the plan's memo (plan_memo_curve ()). */
static void
row_bases (const Plan  *plan,
           const guint *row,
           double       v,
           guint       *known,
           double      *bases)
{
  const PlanWindow *w = plan->window;
  const double *curves = w == NULL ? NULL : v == w->lo ? w->curve_lo : v == w->hi ? w->curve_hi : NULL;

  for (guint i = 0; i < plan->n_layers; i++)
    {
      guint q0, q1, q;

      known[i] = row[i];
      plan_options (plan, i, &q0, &q1);
      for (q = q0; curves != NULL && q < q1 && plan_option_at (plan, q) != row[i]; q++)
        ;
      bases[i] = curves != NULL && q < q1
                   ? packed_base (&plan->packed[plan->opt_offset[i] + row[i]], curves[q])
                   : ladder_variable_base (plan, i, row[i], v);
    }
}

/* Grid point @q's optimum from @loc's sets and groups (certificate (e))
 * where they tell; its cost the model's, from its choices (the same
 * double as the optimizer's grid point). */
static gboolean
ladder_point_by_groups (Ladder  *run,
                        Locator *loc,
                        guint    q)
{
  StrataLadder *ladder = run->ladder;
  guint *row = ladder->choices + (gsize) q * ladder->n_layers;

  if (!_strata_ladder_group_row (loc, ladder->volumes[q], row))
    return FALSE;
  run->stats.group_rows++;
  row_bases (run->plan, row, ladder->volumes[q], run->known, run->bases);
  ladder->costs[q] = _strata_objective_unit_cost_known (run->dataset, row, ladder->objective,
                                                        ladder->volumes[q], run->known, run->bases,
                                                        FALSE);
  run->solved[q] = TRUE;
  return TRUE;
}

/* Grid point @q of a very short stack from all its strategies
 * (strata-ladder-tiny.c) where that tells; its cost the model's, from
 * the same variable bases as the optimizer's. */
static gboolean
ladder_point_tiny (Ladder *run,
                   guint   q)
{
  StrataLadder *ladder = run->ladder;
  guint *row = ladder->choices + (gsize) q * ladder->n_layers;
  double cost;

  if (!_strata_ladder_tiny_row (run->tiny, run->plan, q, ladder->volumes[q], row, run->bases,
                                &cost))
    return FALSE;
  run->stats.tiny_rows++;
  if (!isnan (cost))
    {
      run->stats.tiny_carried++;
      ladder->costs[q] = cost;
      return TRUE;
    }
  memcpy (run->known, row, ladder->n_layers * sizeof (guint));
  ladder->costs[q] = _strata_objective_unit_cost_known (run->dataset, row, ladder->objective,
                                                        ladder->volumes[q], run->known, run->bases,
                                                        FALSE);
  return TRUE;
}

/* Grid point @q of a short stack carried from the one before where that
 * tells (strata-ladder-carry.c), else the optimizer's, held for the next;
 * its cost the model's double. */
static void
ladder_point_short (Ladder *run,
                    guint   q)
{
  StrataLadder *ladder = run->ladder;
  guint *row = ladder->choices + (gsize) q * ladder->n_layers;

  if (!_strata_ladder_carry_row (run->carry, run->plan, q, ladder->volumes[q], row, run->bases,
                                 &ladder->costs[q]))
    {
      ladder_point (ladder, run->dataset, run->plan, q, run->known, run->bases);
      _strata_ladder_carry_solved (run->carry, run->plan, q, ladder->volumes[q], row);
      return;
    }
  run->stats.carried_rows++;
}

/* Grid interval @p in the current window, which holds it: the optima at
 * both ends (once each), then the flips between them. */
static void
ladder_interval (Ladder *run,
                 guint   p)
{
  StrataLadder *ladder = run->ladder;
  guint n = ladder->n_layers;
  Locator loc;
  const guint *row_lo, *row_hi;
  guint first_flip;
  double margin;
  gint done;

  locator_init (run, &loc, ladder->volumes[p], ladder->volumes[p + 1]);
  loc.curves_lo_known = run->curves_q == p && window_mark_same (&run->curves_window, run->plan);

  /* The optima at both ends: on a long stack from the interval's sets
   * and groups where they tell (the bounds serve the flips next), else by
   * the optimizer. */
  for (guint q = p; q <= p + 1; q++)
    if (run->solved[q] || (n >= GROUP_ROW_LAYERS && ladder_point_by_groups (run, &loc, q)))
      continue;
    else
      {
        if (run->carry != NULL)
          ladder_point_short (run, q);
        else if (!(run->tiny != NULL && ladder_point_tiny (run, q)))
          ladder_point (ladder, run->dataset, run->plan, q, run->known, run->bases);
        run->solved[q] = TRUE;
      }
  row_lo = ladder->choices + (gsize) p * n;
  row_hi = row_lo + n;
  loc.row_lo = row_lo;
  loc.row_hi = row_hi;
  first_flip = loc.flips->len;
  for (guint i = 0; i < n && !job_cancelled (run->job); i++)
    if (row_lo[i] != row_hi[i])
      _strata_ladder_locate_flips (&loc, i, loc.lo, row_lo[i], loc.hi, row_hi[i]);
  /* Bands inside the interval; swaps nearer than this to a tie are its
   * rounding: 100 times the tie tolerance of the optimum's cost.  None on
   * a very short stack whose optimum, the same at both ends, beats every
   * other strategy at the upper end by more than its costs but the fixed
   * ones fall. */
  margin = 1e-10 * (fabs (ladder->costs[p]) + fabs (ladder->costs[p + 1]));
  if (!(loc.flips->len == first_flip &&
        _strata_ladder_tiny_no_band (run->tiny, p + 1, ladder->costs[p], margin)))
    _strata_ladder_excursions (&loc, row_lo, row_hi, first_flip, margin);
  g_clear_pointer (&loc.gp_all, g_array_unref);
  _strata_ladder_locator_clear (&loc);
  run->curves_q = loc.curves_ready ? p + 1 : G_MAXUINT;
  if (loc.curves_ready)
    window_mark_take (&run->curves_window, run->plan);
  done = g_atomic_int_add (run->done, 1) + 1;
  if (g_thread_self () == run->caller)
    job_progress (run->report, (double) done / (ladder->n_points - 1));
}

typedef struct _LadderPool Pool;
static void split_leaf (Pool   *pool,
                        Ladder *run,
                        guint   p0,
                        guint   p1);

/* The number of candidates of the current window (0: no window). */
static guint
window_size (const Plan *plan)
{
  return plan->window != NULL ? plan->window->cand_start[plan->n_layers] : 0;
}

/* The grid intervals p0 .. p1 - 1 in the current window, which spans
 * them: halves, each in its own window narrowed from this one, while
 * narrowing still drops options (costs that do not depend on volume
 * leave every window as wide as the first: the whole range's then serves
 * every interval, exactly as well).  With @split, stops @depth levels
 * down (or above two intervals) and hands out the subtrees there
 * (split_leaf ()). */
static void split_leaf (Pool   *pool,
                        Ladder *run,
                        guint   p0,
                        guint   p1);

static void
ladder_tree (Ladder *run,
             guint   p0,
             guint   p1,
             Pool   *split,
             guint   depth)
{
  const double *volumes = run->ladder->volumes;
  guint mid, size;

  if (job_cancelled (run->job))
    return;
  if (split != NULL && (depth == 0 || p1 - p0 <= 2))
    {
      split_leaf (split, run, p0, p1);
      return;
    }
  depth = depth > 0 ? depth - 1 : 0;
  if (p1 - p0 == 1)
    {
      ladder_interval (run, p0);
      return;
    }
  mid = p0 + (p1 - p0) / 2;
  if (!run->narrowing)
    {
      ladder_tree (run, p0, mid, split, depth);
      ladder_tree (run, mid, p1, split, depth);
      return;
    }
  size = window_size (run->plan);
  _strata_plan_window_push (run->plan, volumes[p0], volumes[mid]);
  if (window_size (run->plan) == size)
    {
      /* Nothing dropped: this window for every interval below. */
      _strata_plan_window_pop (run->plan);
      run->narrowing = FALSE;
      ladder_tree (run, p0, mid, split, depth);
      ladder_tree (run, mid, p1, split, depth);
      run->narrowing = TRUE;
      return;
    }
  ladder_tree (run, p0, mid, split, depth);
  _strata_plan_window_pop (run->plan);
  _strata_plan_window_push (run->plan, volumes[mid], volumes[p1]);
  ladder_tree (run, mid, p1, split, depth);
  _strata_plan_window_pop (run->plan);
}

static void
ladder_intervals (Ladder *run,
                  guint   p0,
                  guint   p1)
{
  ladder_tree (run, p0, p1, NULL, 0);
}

/* Adds one ladder's counts to _strata_ladder_stats. */
static void
stats_add (const StrataLadderStats *s)
{
  G_LOCK (stats);
  _strata_ladder_stats.certified_steps += s->certified_steps;
  _strata_ladder_stats.segment_steps += s->segment_steps;
  _strata_ladder_stats.both_modes_steps += s->both_modes_steps;
  _strata_ladder_stats.linked_steps += s->linked_steps;
  _strata_ladder_stats.pair_steps += s->pair_steps;
  _strata_ladder_stats.forward_steps += s->forward_steps;
  _strata_ladder_stats.bracket_neighbours += s->bracket_neighbours;
  _strata_ladder_stats.full_steps += s->full_steps;
  _strata_ladder_stats.shared_steps += s->shared_steps;
  _strata_ladder_stats.undecided_neighbour += s->undecided_neighbour;
  _strata_ladder_stats.undecided_tie += s->undecided_tie;
  _strata_ladder_stats.undecided_linked += s->undecided_linked;
  _strata_ladder_stats.refinements += s->refinements;
  _strata_ladder_stats.edge_steps += s->edge_steps;
  _strata_ladder_stats.guessed_flips += s->guessed_flips;
  _strata_ladder_stats.gallop_steps += s->gallop_steps;
  _strata_ladder_stats.group_steps += s->group_steps;
  _strata_ladder_stats.replay_steps += s->replay_steps;
  _strata_ladder_stats.group_forward_steps += s->group_forward_steps;
  _strata_ladder_stats.group_rows += s->group_rows;
  _strata_ladder_stats.tiny_rows += s->tiny_rows;
  _strata_ladder_stats.tiny_carried += s->tiny_carried;
  _strata_ladder_stats.carried_rows += s->carried_rows;
  _strata_ladder_stats.excursion_probes += s->excursion_probes;
  G_UNLOCK (stats);
}

/* The ladder on several threads (issue 15): the grid intervals in
 * subtrees of ladder_intervals ()'s halving, each run by a worker with a
 * plan and scratch of its own.  The calling thread walks the tree down
 * to the subtrees' parents first, narrowing the windows above them once
 * as one thread would, and hands each subtree a copy of its parent's
 * window, which the worker narrows to the subtree; the grid points two
 * subtrees share are solved there too.  The optimum at a
 * volume is the same in any window, so every point, cost and flip is
 * the same double as on one thread. */
static gint ladder_threads = 0;

void
_strata_ladder_set_threads (guint n_threads)
{
  g_atomic_int_set (&ladder_threads, (gint) MIN (n_threads, 8));
}

/* Below this many options times grid intervals (times one and a quarter
 * of the linked layers: their flips take more steps of the optimizer's
 * search) a ladder takes about a millisecond or less: not worth a
 * thread.  A thread costs about 0.15 ms of CPU: a 60 x 6 stack with
 * links among 12 layers went from 2.7 to 1.9 ms wall on two; the
 * samples from 0.03 to 0.1 ms. */
#define PARALLEL_WORK 32768

typedef struct
{
  Ladder     run;
  StrataJob  job;      /* the job's cancellable; its progress is told
                        * from the caller's thread (run.report) */
  Plan      *own_plan; /* NULL: the caller's */
} Worker;

typedef struct
{
  guint                 p0, p1;    /* grid points */
  gboolean              narrowing;
  gboolean              push;      /* narrow the window to [p0, p1] first */
  const PlanWindowCopy *window;    /* its parent's (in Pool.windows) */
} Subtree;

struct _LadderPool
{
  StrataLadder        *ladder;
  const StrataDataset *dataset;
  StrataObjective      objective;
  Plan                *plan;      /* the caller's */
  StrataJob           *job;
  gboolean            *solved;
  gint                 done;
  GThread             *caller;
  guint                widest;
  GArray              *subtrees;  /* Subtree */
  GPtrArray           *windows;   /* the subtrees' PlanWindowCopy */
  GAsyncQueue         *idle;      /* Worker *: the workers not in a task */
  GPtrArray           *workers;   /* every Worker, under lock */
  GMutex               lock;
};

static void
run_init (Ladder    *run,
          Pool      *pool,
          Plan      *plan,
          StrataJob *job)
{
  guint n = pool->dataset->n_layers, n_options = plan->n_options;

  run->ladder = pool->ladder;
  run->dataset = pool->dataset;
  run->plan = plan;
  run->job = job;
  run->flips = g_array_new (FALSE, FALSE, sizeof (StrataFlip));
  run->scratch = g_new (guint, n);
  run->scratch_d = g_new (double, 16 * (gsize) n + 4 * (gsize) pool->widest + 10 * (gsize) n_options);
  run->sets = g_new (guint, 4 * (gsize) n + 1 + 3 * (gsize) n_options);
  run->known = g_new (guint, n);
  run->bases = g_new (double, n);
  run->bytes = g_new0 (guint8, 3 * (gsize) n);
  run->exc_d = g_new (double, 3 * (gsize) n + n_options);
  run->exc_u = g_new (guint, 2 * (gsize) n);
  run->exc_b = g_new (guint8, n);
  /* (On larger stacks their pages, fresh at each ladder, cost more than
   * they save: 512 x 64, 2,900 page faults, 9 ms.) */
  if (n_options <= LADDER_MEMO_OPTIONS)
    {
      run->anchor = g_new (double, 4 * (gsize) n_options);
      run->anchor_key = g_new0 (guint8, n_options);
    }
  run->solved = pool->solved;
  run->narrowing = !_strata_plan_windows_disabled;
  run->curves_q = G_MAXUINT;
  run->tiny = _strata_ladder_tiny_new (plan, pool->ladder->volumes, pool->ladder->n_points);
  run->carry = run->tiny == NULL ? _strata_ladder_carry_new (plan, pool->ladder->volumes,
                                                            pool->ladder->n_points)
                                 : NULL;
  run->widest = pool->widest;
  run->done = &pool->done;
  run->report = pool->job;
  run->caller = pool->caller;
}

/* A plan's memo of its options' learning curves (plan_memo_curve ()),
 * empty: every volume asked is positive.  A grid point's curves are
 * asked again by the band search, the bounds and the rows (8 x 3: 3.8 %
 * fewer instructions a ladder, the samples 3-6 %).  On stacks of at most
 * LADDER_MEMO_OPTIONS options only: on larger ones its pages, fresh at
 * each ladder and each worker, cost more than the pow ()s they save
 * (512 x 64: 2.2 % fewer instructions, but 9,000 more page faults and
 * twice the time). */
static double *
ladder_curve_memo (guint n_options)
{
  return g_new0 (double, 4 * (gsize) n_options);
}

/* A worker on a plan of its own, or (@own FALSE) on the caller's. */
static Worker *
worker_new (Pool     *pool,
            gboolean  own)
{
  Worker *w = g_new0 (Worker, 1);
  Plan *plan = pool->plan;

  w->job = *pool->job;
  w->job.progress = NULL;
  if (own)
    {
      plan = w->own_plan = _strata_plan_new (pool->dataset, pool->objective);
      plan->exponent = pool->plan->exponent;   /* read only */
      plan->packed = pool->plan->packed;
      plan->pair_tstart = pool->plan->pair_tstart;
      plan->pair_targets = pool->plan->pair_targets;
      if (pool->plan->curve_memo != NULL)
        plan->curve_memo = ladder_curve_memo (plan->n_options);
    }
  run_init (&w->run, pool, plan, &w->job);
  g_mutex_lock (&pool->lock);
  g_ptr_array_add (pool->workers, w);
  g_mutex_unlock (&pool->lock);
  return w;
}

static void
worker_free (gpointer data)
{
  Worker *w = data;
  Ladder *run = &w->run;

  g_free (run->scratch);
  g_free (run->scratch_d);
  g_free (run->sets);
  g_free (run->known);
  g_free (run->bases);
  g_free (run->bytes);
  g_free (run->exc_d);
  g_free (run->exc_u);
  g_free (run->exc_b);
  g_free (run->anchor);
  g_free (run->anchor_key);
  _strata_ladder_tiny_free (run->tiny);
  _strata_ladder_carry_free (run->carry);
  g_array_unref (run->flips);
  if (w->own_plan != NULL)
    {
      g_free (w->own_plan->curve_memo);
      _strata_plan_free (w->own_plan);
    }
  g_free (w);
}

/* One subtree, by a free worker (or a new one), in its window. */
static void
subtree_task (gpointer data,
              guint    task)
{
  Pool *pool = data;
  Subtree *t = &g_array_index (pool->subtrees, Subtree, task);
  Worker *w = g_async_queue_try_pop (pool->idle);

  if (w == NULL)
    w = worker_new (pool, TRUE);
  if (!job_cancelled (&w->job))
    {
      Plan *plan = w->run.plan;

      _strata_plan_window_take (plan, t->window);
      w->run.narrowing = t->narrowing;
      if (t->narrowing && t->push)
        {
          /* As ladder_intervals () narrows it, but on this thread; where
           * that drops nothing, none below it does either (as there). */
          guint size = window_size (plan);

          _strata_plan_window_push (plan, pool->ladder->volumes[t->p0], pool->ladder->volumes[t->p1]);
          if (window_size (plan) == size)
            {
              _strata_plan_window_pop (plan);
              w->run.narrowing = FALSE;
            }
        }
      ladder_intervals (&w->run, t->p0, t->p1);
    }
  g_async_queue_push (pool->idle, w);
}

/* A node where ladder_tree () stops splitting, on the caller's worker
 * @run in the node's window: its halves as two subtrees (one when it is a
 * single interval) with a copy of that window, and the grid points they
 * share with their neighbours solved in it. */
static void
split_leaf (Pool   *pool,
            Ladder *run,
            guint   p0,
            guint   p1)
{
  guint mid = p0 + (p1 - p0) / 2;
  PlanWindowCopy *copy = _strata_plan_window_copy (run->plan);
  Subtree left = { p0, mid, run->narrowing, TRUE, copy };
  Subtree right = { mid, p1, run->narrowing, TRUE, copy };
  Subtree whole = { p0, p1, run->narrowing, FALSE, copy };

  g_ptr_array_add (pool->windows, copy);
  for (guint q = p0; q < p1; q++)
    if (q > 0 && (q == p0 || q == mid))
      {
        ladder_point (pool->ladder, pool->dataset, run->plan, q, run->known, run->bases);
        pool->solved[q] = TRUE;
      }
  if (p1 - p0 == 1)
    g_array_append_val (pool->subtrees, whole);
  else
    {
      g_array_append_val (pool->subtrees, left);
      g_array_append_val (pool->subtrees, right);
    }
}

/* The threads for a ladder of @n_intervals on @plan: 1 when small. */
static guint
ladder_thread_count (const Plan *plan,
                     guint       n_intervals)
{
  guint n = (guint) g_atomic_int_get (&ladder_threads);

  if (n == 0)
    {
      if ((double) plan->n_options * n_intervals * (1 + plan->n_linked / 4.0) < PARALLEL_WORK)
        return 1;
      n = (guint) CLAMP (_strata_num_processors (), 1, 8);
    }
  return CLAMP (n, 1, MAX (n_intervals / 2, 1));
}

/* Every grid point and flip of @ladder on @plan (its base window set):
 * the flips, unsorted. */
static GArray *
ladder_solve (StrataLadder        *ladder,
              const StrataDataset *dataset,
              StrataObjective      objective,
              Plan                *plan,
              StrataJob           *job)
{
  guint n_intervals = ladder->n_points - 1;
  guint n_threads = ladder_thread_count (plan, n_intervals), depth = 0;
  g_autofree gboolean *solved = g_new0 (gboolean, ladder->n_points);
  Pool pool = { ladder, dataset, objective, plan, job, solved, 0, g_thread_self (), 0,
                NULL, NULL, NULL, NULL, { 0 } };
  GArray *flips;
  Worker *w;

  for (guint i = 0; i < dataset->n_layers; i++)
    pool.widest = MAX (pool.widest, dataset->layers[i].n_options);
  pool.subtrees = g_array_new (FALSE, FALSE, sizeof (Subtree));
  pool.windows = g_ptr_array_new_with_free_func (g_free);
  pool.workers = g_ptr_array_new_with_free_func (worker_free);
  pool.idle = g_async_queue_new ();
  g_mutex_init (&pool.lock);
  w = worker_new (&pool, FALSE);

  if (n_threads == 1)
    ladder_intervals (&w->run, 0, n_intervals);
  else
    {
      /* Two subtrees a thread, so that one with many flips does not
       * leave the others idle long. */
      while ((1u << depth) < 2 * n_threads && (2u << depth) <= n_intervals)
        depth++;
      ladder_tree (&w->run, 0, n_intervals, &pool, depth - 1);
      g_async_queue_push (pool.idle, w);
      _strata_parallel_for (pool.subtrees->len, n_threads, subtree_task, &pool);
    }

  flips = g_array_new (FALSE, FALSE, sizeof (StrataFlip));
  for (guint t = 0; t < pool.workers->len; t++)
    {
      Worker *wt = g_ptr_array_index (pool.workers, t);

      g_array_append_vals (flips, wt->run.flips->data, wt->run.flips->len);
      stats_add (&wt->run.stats);
      if (wt->job.cancelled)
        job->cancelled = TRUE;
    }
  g_ptr_array_unref (pool.windows);
  while (g_async_queue_try_pop (pool.idle) != NULL)
    ;
  g_async_queue_unref (pool.idle);
  g_ptr_array_unref (pool.workers);
  g_array_unref (pool.subtrees);
  g_mutex_clear (&pool.lock);
  return flips;
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
  return strata_ladder_new_cancellable (dataset, objective, n_points, NULL, NULL, NULL, NULL);
}

/* The ladder on the volumes @grid (@n_points of them, ascending). */
static StrataLadder *
ladder_new_on_grid (const StrataDataset *dataset,
                    StrataObjective      objective,
                    const double        *grid,
                    guint                n_points,
                    StrataJob           *job,
                    GError             **error)
{
  StrataLadder *ladder;
  g_autoptr(GArray) flips = NULL;
  g_autofree double *exponent = NULL;
  g_autofree PlanOption *packed = NULL;
  g_autofree guint *known = NULL;
  g_autofree double *bases = NULL;
  g_autofree double *memo = NULL;
  g_autofree guint *pair_tstart = NULL;
  g_autofree guint8 *pair_targets = NULL;
  Plan *plan;
  guint n;

  plan = _strata_plan_new (dataset, objective);
  if (plan == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "The dataset has no strategy to solve");
      return NULL;
    }

  n = dataset->n_layers;
  ladder = g_new0 (StrataLadder, 1);
  ladder->objective = objective;
  ladder->n_points = n_points;
  ladder->n_layers = n;
  ladder->volumes = g_new (double, n_points);
  ladder->choices = g_new (guint, (gsize) n_points * n);
  ladder->costs = g_new (double, n_points);

  memcpy (ladder->volumes, grid, n_points * sizeof (double));

  if (_strata_volume_independent (dataset))
    {
      /* The optimizer sees the same doubles at every volume, so it gives
       * the same strategy at the same cost: one optimum, no flips. */
      known = g_new (guint, n);
      bases = g_new (double, n);
      ladder_point (ladder, dataset, plan, 0, known, bases);
      for (guint p = 1; p < n_points; p++)
        {
          memcpy (ladder->choices + (gsize) p * n, ladder->choices, n * sizeof (guint));
          ladder->costs[p] = ladder->costs[0];
        }
      _strata_plan_free (plan);
      job_progress (job, 1.0);
      if (!job_finish (job, error))
        {
          strata_ladder_free (ladder);
          return NULL;
        }
      return ladder;
    }

  /* Every solve is made in a window of the optimizer that skips the
   * options that cannot be optimal there (strata-optimizer-window.c),
   * each from scratch (no warm start: the optimum at a volume never
   * depends on what was solved before).  The windows form a tree down to
   * the grid intervals, each narrowed from its parent's candidates; an
   * interval's window serves its two grid points and its flips.  Each
   * option's learning exponent is worked out once (the same doubles as
   * each cost's own log2 ()). */
  exponent = g_new (double, plan->n_options);
  for (guint i = 0; i < n; i++)
    for (guint k = 0; k < dataset->layers[i].n_options; k++)
      exponent[plan->opt_offset[i] + k] = option_learning_exponent (&dataset->layers[i].options[k]);
  plan->exponent = exponent;
  _strata_plan_window_base (plan, ladder->volumes[0], ladder->volumes[n_points - 1]);
  /* What the bounds read of each option, packed: the window's table
   * (kept with it from one ladder to the next: a fresh one was about
   * 600 page faults on 512 x 64), shared by the workers. */
  if (plan->window != NULL)
    plan->packed = plan->window->opts;
  else
    {
      packed = g_new (PlanOption, plan->n_options);
      _strata_plan_pack (plan, packed);
      plan->packed = packed;
    }
  if (plan->n_options <= LADDER_MEMO_OPTIONS)
    plan->curve_memo = memo = ladder_curve_memo (plan->n_options);
  /* Where links are dense (twice as many as linked layers), the band
   * search's sides of two linked layers read their targets from lists
   * (the merge of their links was 15 % of the ladder on 20 layers
   * every two of which links join). */
  if (plan->n_linked >= 2 && plan->n_links >= 2 * plan->n_linked)
    {
      _strata_ladder_pair_targets (plan, &pair_tstart, &pair_targets);
      plan->pair_tstart = pair_tstart;
      plan->pair_targets = pair_targets;
    }
  flips = ladder_solve (ladder, dataset, objective, plan, job);
  _strata_plan_free (plan);

  if (!job_finish (job, error))
    {
      strata_ladder_free (ladder);
      return NULL;
    }

  g_array_sort (flips, _strata_ladder_compare_flips);
  ladder->n_flips = flips->len;
  ladder->flips = (StrataFlip *) (gpointer) g_array_free (g_steal_pointer (&flips), FALSE);

  return ladder;
}

/* The ladder's progress: the share of grid intervals done, each with its
 * points and flips.  The flips are found on a grid of at least 64 points
 * whatever @n_points (strata-ladder-grid.c). */
StrataLadder *
strata_ladder_new_cancellable (const StrataDataset *dataset,
                               StrataObjective      objective,
                               guint                n_points,
                               GCancellable        *cancellable,
                               StrataProgressFunc   progress,
                               gpointer             progress_data,
                               GError             **error)
{
  StrataJob job = { cancellable, progress, progress_data, FALSE, 0, 0 };
  g_autofree double *grid = NULL;
  StrataLadder *fine;
  guint m;

  g_return_val_if_fail (dataset != NULL, NULL);
  g_return_val_if_fail (n_points >= 2, NULL);
  g_return_val_if_fail (dataset->volume_min > 0 && dataset->volume_max >= dataset->volume_min,
                        NULL);

  m = _strata_ladder_grid_size (n_points);
  grid = g_new (double, m);
  _strata_ladder_grid (dataset->volume_min, dataset->volume_max, n_points, grid);
  fine = ladder_new_on_grid (dataset, objective, grid, m, &job, error);
  return fine != NULL ? _strata_ladder_pick_points (fine, n_points) : NULL;
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

