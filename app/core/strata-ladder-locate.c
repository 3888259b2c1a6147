/* strata-ladder-locate.c: the bisection that locates one flip of the
 * ladder (MODEL.md section 5)
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-model"

#include "config.h"

#include <math.h>

#include "strata/strata-model.h"

#include "strata-ladder-private.h"
#include "strata-optimizer-private.h"

/* Layer @layer's option in the exact optimum at @volume (its walk up the
 * layers stops there). */
static guint
full_choice (Locator *loc,
             guint    layer,
             double   volume)
{
  loc->stats->full_steps++;
  _strata_plan_optimize_below (loc->plan, volume, loc->scratch, layer);
  return loc->scratch[layer];
}

/* Layer @layer's option in the exact optimum at @volume for a linked
 * layer's mode change.  Where links join many layers, their modes often
 * turn together at one volume: the bisection of each asks the optimum at
 * the same midpoints (the same brackets, the same answers), so the
 * optima asked are kept for the interval, each walked up to the last
 * linked layer whose mode changes in it, and one asked again at that
 * very volume is read back: the same optimum, not an inference. */
#define LOCATE_SHARED 64

static guint
shared_choice (Locator *loc,
               guint    layer,
               double   volume)
{
  guint n = loc->plan->n_layers, s;

  if (loc->sh_volume == NULL)
    {
      loc->sh_volume = g_new (double, LOCATE_SHARED);
      loc->sh_choices = g_new (guint, (gsize) LOCATE_SHARED * n);
      loc->sh_walk = layer + 1;
      if (loc->row_lo != NULL && loc->row_hi != NULL)
        for (guint i = layer; i < n; i++)
          if (loc->plan->linked_pos[i] >= 0 && loc->row_lo[i] != loc->row_hi[i])
            loc->sh_walk = i + 1;
    }
  if (layer < loc->sh_walk)
    for (s = 0; s < loc->sh_len; s++)
      if (loc->sh_volume[s] == volume)
        {
          loc->stats->shared_steps++;
          return loc->sh_choices[(gsize) s * n + layer];
        }
  if (layer >= loc->sh_walk)
    return full_choice (loc, layer, volume);

  loc->stats->full_steps++;
  s = loc->sh_next;
  loc->sh_next = (loc->sh_next + 1) % LOCATE_SHARED;
  loc->sh_len = MAX (loc->sh_len, s + 1);
  loc->sh_volume[s] = volume;
  _strata_plan_optimize_below (loc->plan, volume, loc->sh_choices + (gsize) s * n, loc->sh_walk - 1);
  return loc->sh_choices[(gsize) s * n + layer];
}

void
_strata_ladder_locator_clear (Locator *loc)
{
  g_clear_pointer (&loc->sh_volume, g_free);
  g_clear_pointer (&loc->sh_choices, g_free);
  loc->sh_len = loc->sh_next = 0;
}

/* A step the certificate left undecided (@why as it says): a full
 * optimum. */
static guint
undecided_choice (Locator *loc,
                  guint    layer,
                  double   volume,
                  int      why)
{
  if (why == 1)
    loc->stats->undecided_neighbour++;
  else if (why == 2)
    loc->stats->undecided_tie++;
  else if (why == 3)
    loc->stats->undecided_linked++;
  return full_choice (loc, layer, volume);
}

/* Layer @layer's option in the optimum at @volume by the certificate or
 * the group of layers that may change with it, or G_MAXUINT (*why as
 * _strata_ladder_certified_choice () says). */
static guint
certified_step (Locator *loc,
                guint    layer,
                double   volume,
                double   a,
                double   b,
                int     *why)
{
  guint k;

  *why = 0;
  k = _strata_ladder_certified_choice (loc, layer, volume, a, b, why);
  if (k != G_MAXUINT)
    {
      loc->stats->certified_steps++;
      return k;
    }
  return _strata_ladder_group_choice (loc, layer, volume, a, b);
}

/* The locator of one flip (issue 15, MODEL.md sections 5 and 6: a flip
 * is located to a relative precision of 1e-9).  It runs the bisection
 * of the oracle: every midpoint is asked (the flip's pair where it
 * decides, strata-ladder-pair.c; else certified_step (): by the certificate
 * where it decides, else a full optimum; at the tie tolerance's edge,
 * the certificate a hair either side, edge_step ()).  An answer is never inferred
 * from a predicted change point or from other full optima in the
 * interval: a layer can leave an option and come back to it inside one
 * grid interval (A -> B -> A -> C), and only the midpoints themselves
 * tell which changes the bisection finds.  (The pair's fast-forward
 * answers a midpoint from a volume it worked out, past which the pair's
 * difference is proven monotone over the bracket: the answer at that
 * midpoint itself, not a prediction.) */
#define ROOT_WINDOW 1e-5 /* the certificate's brackets */

/* certified_step () at @v in its certificate's bracket: the cell of a fixed
 * grid of width ROOT_WINDOW in log V that holds the volume (within the
 * interval), narrow enough that bounds over it tell the steps at the
 * tolerance's edge, and most often the same for the last steps, whose
 * bounds then serve them all. */
static guint
cell_choice (Locator *loc,
             guint    layer,
             double   v,
             int     *why)
{
  double centre = floor (log (v) / ROOT_WINDOW) * ROOT_WINDOW;
  double cell_lo = exp (centre);   /* once each: CLAMP () evaluates it thrice */
  double cell_hi = exp (centre + ROOT_WINDOW);

  return certified_step (loc, layer, v, CLAMP (cell_lo, loc->lo, v), CLAMP (cell_hi, v, loc->hi),
                         why);
}

/* Half the width of the bracket an edge step leaves: two such, each way
 * from a midpoint, are within STRATA_VOLUME_PRECISION / 2. */
#define EDGE_HALF (STRATA_VOLUME_PRECISION / 4.0 - 1e-12)

/* A midpoint @mid at the edge of the tie tolerance: there the two
 * options' costs differ by the tolerance to within the rounding of the
 * sums, and only a full optimum tells which the optimizer takes.  The
 * change the bisection looks for is then within a hair of @mid: the
 * certificate is asked at @mid / (1 + EDGE_HALF) and @mid * (1 +
 * EDGE_HALF) instead, and when the first runs @from and the second
 * another option, the optimum changes between them, a bracket within the
 * precision asked (MODEL.md 5), the same guarantee as the bisection's
 * last bracket.  Either answer that moves the bracket otherwise is used
 * as a bisection step's; a point beyond the bracket is its end, whose
 * answer is known.  FALSE (nothing moved) when either is not told. */
static gboolean
edge_step (Locator *loc,
           guint    layer,
           guint    from,
           double   mid,
           double  *a,
           double  *b,
           guint   *above)
{
  double u = mid / (1 + EDGE_HALF), w = mid * (1 + EDGE_HALF);
  guint ku = from, kw = *above;
  int why;

  /* A point beyond the bracket: its end, whose answer is known. */
  if (u <= *a)
    u = *a;
  else if ((ku = cell_choice (loc, layer, u, &why)) == G_MAXUINT)
    return FALSE;
  if (ku != from)
    {
      *b = u;
      *above = ku;
      loc->stats->edge_steps++;
      return TRUE;
    }
  if (w >= *b)
    w = *b;
  else if ((kw = cell_choice (loc, layer, w, &why)) == G_MAXUINT)
    return FALSE;
  *a = u;
  if (kw == from)
    *a = w;
  else
    {
      *b = w;
      *above = kw;
    }
  loc->stats->edge_steps++;
  return TRUE;
}

/* The steps after a guess that missed the flip on a longer stack (the
 * bracket a hair either side of the pair's root did not close): away
 * from the root, the first 4 hairs off, each twice as far as the last,
 * until the oracle's answer changes there, then the bisection of what is
 * left; at most GALLOP_STEPS of them, each a volume of the bracket
 * asked as any midpoint is, so the flip found is one the bisection could
 * have found (most often the same, within the precision). */
#define GALLOP_STEPS 10

gboolean _strata_ladder_gallop_disabled = FALSE;

typedef struct
{
  gboolean on;
  double   root;
  double   step;      /* log distance of the next step from the root */
  int      dir;       /* +1: the flip lies above the root, -1 below */
  guint    n;
  StrataLadderStats *stats;
} Gallop;

static gboolean
gallop_next (Gallop       *gallop,
             const double *guess,
             double        a,
             double        b,
             double       *mid)
{
  double x;

  if (!gallop->on || guess == NULL || gallop->n >= GALLOP_STEPS)
    return FALSE;
  if (gallop->dir == 0)
    {
      /* Both guesses answered: the flip above them, below them, or
       * between (then the bracket is closed already). */
      if (a >= guess[1])
        gallop->dir = 1;
      else if (b <= guess[0])
        gallop->dir = -1;
      else
        return FALSE;
      gallop->step = 4 * log1p (EDGE_HALF);
    }
  /* The bracket's end on the side the steps go has moved past the
   * root: the answer changed there, the bracket is found. */
  if ((gallop->dir > 0 && log (b / gallop->root) <= gallop->step / 2) ||
      (gallop->dir < 0 && log (gallop->root / a) <= gallop->step / 2))
    return FALSE;
  x = gallop->root * exp (gallop->dir * gallop->step);
  if (!(x > a && x < b))
    return FALSE;
  gallop->step *= 2;
  gallop->n++;
  gallop->stats->gallop_steps++;
  *mid = x;
  return TRUE;
}

/* The first volumes the steps of layer @layer's change from @from to
 * @to in [a, b] ask, into @guess (two of them, or none: returns how
 * many), and the gallop after them (@gallop). */
static guint
first_guesses (Locator *loc,
               gboolean certify,
               guint    layer,
               guint    from,
               guint    to,
               double   a,
               double   b,
               double  *guess,
               Gallop  *gallop)
{
  guint n_guess = 0;

  /* On a very short stack, where the optima at the interval's two ends
   * cost the same is most often where the flip is: the bisection asks a
   * hair either side of it first (each answer the oracle's, as at any
   * other volume of the bracket), and when they are the flip's two
   * options its bracket is within the precision at once.  On other short
   * stacks (fewer than GROUP_ROW_LAYERS layers: the tie tolerance, a
   * share of the whole stack's cost, is narrower there than a hair), a
   * layer's flip is guessed at where its two options cost the same, the
   * rest as at the interval's lower end (a wrong guess, such as a linked
   * layer turning with others, costs two steps).  On longer stacks the
   * same guess for the steps the certificate asks (not a linked layer's
   * change of mode: those share their midpoints, shared_choice ()),
   * then steps galloping away from it (gallop_next ()): the tolerance
   * moves the flip a few hairs off the root.  With a full optimum at
   * each step (a layer next to a linked one) a flip took about 28 of
   * them, with the guess and the gallop most often 2 to 6. */
  if (loc->tiny != NULL && loc->row_lo != NULL)
    {
      if (!loc->root_known)
        {
          loc->root = _strata_ladder_tiny_root (loc->tiny, loc->plan, loc->row_lo, loc->row_hi,
                                                loc->lo, loc->hi);
          loc->root_known = TRUE;
        }
      if (loc->root > a && loc->root < b)
        {
          guess[0] = loc->root / (1 + EDGE_HALF);
          guess[1] = loc->root * (1 + EDGE_HALF);
          n_guess = 2;
        }
    }
  else if (loc->row_lo != NULL && (loc->plan->n_layers < GROUP_ROW_LAYERS ||
                                    (certify && !_strata_ladder_gallop_disabled)))
    {
      double root = _strata_ladder_swap_root (loc->plan, loc->row_lo, layer, from, to, a, b);

      if (root > a && root < b)
        {
          guess[0] = root / (1 + EDGE_HALF);
          guess[1] = root * (1 + EDGE_HALF);
          n_guess = 2;
          /* On a longer stack the tie tolerance, a share of the whole
           * stack's cost, moves the flip off the pair's root by up to a
           * few hairs: the steps then gallop away from it. */
          gallop->root = root;
          gallop->on = loc->plan->n_layers >= GROUP_ROW_LAYERS;
        }
    }
  return n_guess;
}

/* Layer @layer's change from @from in [*a, *b], located as the oracle's
 * bisection does, asking at each of its midpoints; *above receives the
 * option above it. */
static void
locate_change (Locator  *loc,
               gboolean  certify,
               guint     layer,
               guint     from,
               double   *a,
               double   *b,
               guint    *above)
{
  /* Without the certificate every step the group does not tell is a
   * full optimum: once the bracket is an eighth of the interval (in
   * log V), in a window of its own, narrowed at the first such optimum
   * (fewer candidates, the same optimum; the certificate's bounds refer
   * to the interval's window, so not with it). */
  double narrow = log (loc->hi / loc->lo) / 8;
  gboolean pushed = FALSE;
  double guess[2];
  guint n_guess, g = 0;
  Gallop gallop = { .stats = loc->stats };

  n_guess = first_guesses (loc, certify, layer, from, *above, *a, *b, guess, &gallop);

  while (*b / *a - 1.0 > STRATA_VOLUME_PRECISION / 2 && !job_cancelled (loc->job))
    {
      double mid;
      guint k;

      while (g < n_guess && !(guess[g] > *a && guess[g] < *b))
        g++;
      if (g < n_guess)
        mid = guess[g++];
      else if (!gallop_next (&gallop, n_guess == 2 ? guess : NULL, *a, *b, &mid))
        mid = sqrt (*a * *b);
      if (mid <= *a || mid >= *b)
        break;
      /* The flip's two options alone where they tell. */
      k = certify ? _strata_ladder_pair_choice (loc, layer, from, *above, mid, *a, *b)
                  : G_MAXUINT;
      if (k != G_MAXUINT)
        loc->stats->certified_steps++;
      else if (!certify)
        {
          /* No bracket: the certificate is not asked; the group's sets
           * are the interval's, worked out in its window. */
          k = pushed && loc->gp_layer != layer ? G_MAXUINT
                                               : _strata_ladder_group_choice (loc, layer, mid, *a, *b);
          if (k == G_MAXUINT && !pushed && log (*b / *a) <= narrow)
            {
              _strata_plan_window_push (loc->plan, *a, *b);
              pushed = loc->narrowed = TRUE;
            }
          if (k == G_MAXUINT)
            k = shared_choice (loc, layer, mid);
        }
      else
        {
          int why;
          gboolean moved;

          /* At the tolerance's edge, the steps a hair either side first
           * with the interval's bounds of the magnitudes, then with
           * bounds over the bracket (a sum over the layers). */
          loc->no_refine = TRUE;
          k = cell_choice (loc, layer, mid, &why);
          moved = k == G_MAXUINT && why == 2 && edge_step (loc, layer, from, mid, a, b, above);
          loc->no_refine = FALSE;
          if (moved)
            continue;
          if (k == G_MAXUINT && why == 2)
            {
              k = cell_choice (loc, layer, mid, &why);
              if (k == G_MAXUINT && why == 2 && edge_step (loc, layer, from, mid, a, b, above))
                continue;
            }
          if (k == G_MAXUINT)
            k = undecided_choice (loc, layer, mid, why);
        }
      if (k == from)
        *a = mid;
      else
        {
          *b = mid;
          *above = k;
        }
    }
  if (n_guess == 2 && *a == guess[0] && *b == guess[1])
    loc->stats->guessed_flips++;
  if (pushed)
    _strata_plan_window_pop (loc->plan);
  loc->narrowed = FALSE;
}

/* Every change of layer @layer's optimal option between @lo (option
 * @from) and @hi (option @to), each located to STRATA_VOLUME_PRECISION:
 * a mode flip or a change within one mode (MODEL.md section 5).  Several
 * changes in one interval are found one after the other.  The steps of a
 * layer no link touches are decided by the certificate where it can
 * (issue 15). */
void
_strata_ladder_locate_flips (Locator *loc,
              guint    layer,
              double   lo,
              guint    from,
              double   hi,
              guint    to)
{
  const StrataLayer *l = &loc->dataset->layers[layer];
  gboolean linked = loc->plan->linked_pos[layer] >= 0;

  for (guint step = 0; step < 64 && from != to && !job_cancelled (loc->job); step++)
    {
      double a = lo, b = hi;
      guint above = to;
      StrataFlip flip;
      /* A linked layer's change of option within one mode is decided by
       * the certificate where its mode and co-design factor are certain;
       * a change of its mode (the certificate seldom decides one: the
       * pattern of the linked layers' modes turns there) by the group of
       * layers that may change with it, else by a full optimum, in a
       * window of their own. */
      gboolean certify = !linked || l->options[from].mode == l->options[to].mode;

      locate_change (loc, certify, layer, from, &a, &b, &above);

      flip.layer = layer;
      flip.volume = sqrt (a * b);
      flip.from_option = from;
      flip.to_option = above;
      flip.from = l->options[from].mode;
      flip.to = l->options[above].mode;
      g_array_append_val (loc->flips, flip);

      lo = b;
      from = above;
    }
}
