/* strata-ladder-private.h: the ladder's flip locator and its certificate
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "strata/strata-model.h"

#include "strata-optimizer-private.h"

G_BEGIN_DECLS

/* Bounds, over the volumes [x, y], of the magnitude of each layer's
 * option and of each interface in any strategy within SLOP of the
 * cheapest: [2 j] layer j, [2 j + 1] the interface above it. */
typedef struct
{
  double   x, y;
  gboolean ok;
  double  *lo;       /* 2 * n_layers (only [2 j]) */
  double  *hi;
  guint8  *modes;    /* n_layers: the modes each may run */
  double   sum_lo, sum_hi;
  int      side;     /* the interval's end nearer to it */
  double   log_x, log_y; /* ln of x and y over that end */
} MagBounds;

/* Locating the flips of one interval [lo, hi] between two grid points,
 * in the optimizer's window for it.
 *
 * A flip is located as the bisection in log V on "layer i runs option
 * @from in the optimum" locates it, exactly as the first algorithm did
 * with a full optimum at every step (tests/test-ladder.c keeps it as the
 * oracle), asking at each of its midpoints (strata-ladder-locate.c,
 * locate_change ()).
 * Most steps are decided instead from layer i and its two neighbours, by
 * a certificate that the full optimum's choice there is the one the
 * certificate names; a step the certificate cannot decide takes a full
 * optimum, so every step's answer is the full optimum's.  A midpoint at
 * the edge of the tie tolerance (the two options' costs differ by the
 * tolerance to within the rounding of the sums) is asked a hair either
 * side instead (edge_step ()): where both are told, the change lies
 * between them, a bracket as narrow as the bisection's last, and the
 * flip is the oracle's to within 5e-10 (not always to the last bit).
 *
 * The certificate at volume v, for a layer i that no link touches:
 *
 * (a) The optimizer's answer X is within SLOP of the cheapest strategy
 *     over the window's candidates: every comparison of its search and
 *     reconstruction gives up at most one tie tolerance (1e-12 of the
 *     larger magnitude, itself at most M, the largest magnitude of a
 *     strategy of candidates over the interval) and rounds at most a few
 *     units of the last place of M per layer; SLOP allows 16 n + 64 of
 *     each.
 * (b) Each neighbour j = i - 1, i + 1 runs a known mode: it has
 *     candidates of one mode only, or (j unlinked) the cost-to-go
 *     beyond i with j integrated less that with j neutral is, at v,
 *     below -3 SLOP or above the interface between i and j plus 3 SLOP
 *     (neighbour_mode (): that difference is j's own difference plus a
 *     message from the layers beyond, which lies in [-c, 0] for the
 *     interface c beyond j, bounded more tightly from the next layer),
 *     or (j linked) bounds of its candidates' costs at every co-design
 *     factor say turning it to the other mode saves 4 SLOP
 *     (_strata_ladder_linked_modes ()).  Then the reconstruction's prefix below i ends in the mode of i - 1
 *     (a strategy with the other mode there is dearer than the answer by
 *     more than SLOP), and its cost-to-go above i takes the mode of
 *     i + 1 whatever mode i runs.
 * (c) The reconstruction then compares, for the candidates k of layer i,
 *     t_k = P + cost_k + I(i - 1, k) + A + I(k, i + 1) with P and A the
 *     same doubles for every k: the difference of two t's is the
 *     difference of the local sums up to rounding (a few units of the
 *     last place of M), and the tolerance it is compared with is 1e-12 of
 *     the larger of the two magnitudes, which lie between bounds of the
 *     rest of the strategy's magnitude (_strata_ladder_magnitude_bounds
 *     (): per layer, over the candidates that may be in a strategy
 *     within SLOP of the cheapest, over the interval, or over the
 *     bisection's bracket when that is not tight enough; a linked layer
 *     keeps the candidates of the modes _strata_ladder_linked_modes ()
 *     leaves it not dearer than one of their mode by 2 SLOP at every
 *     co-design factor its sources' modes there allow (each link from a
 *     layer surely integrated applies, one from a layer that may run
 *     either mode may), their magnitudes at those factors; a layer no link
 *     touches keeps one mode where the bounds of the chain's min-plus
 *     messages from both ends, as in (b) but along the whole chain, say
 *     the cheapest strategy with the other mode there costs 4 SLOP more)
 *     plus the local terms.  Each pair of
 *     candidates is then either surely apart or surely tied (ties go to
 *     fewer integrated layers, then to the earlier option), and the
 *     optimizer's two passes over the candidates are replayed on those
 *     answers; a pair that is neither leaves the step undecided.
 *
 * (d) For a layer i a link touches (strata-ladder-linked.c), when its
 *     mode m is certain over the bracket (the window leaves it one, or
 *     turning the answer's i to the other mode saves 4 SLOP: its own
 *     costs' bounds at every co-design factor, the interfaces with its
 *     neighbours as their modes (b) say, what the links out of i save
 *     to targets not surely neutral) and so is every source's mode when
 *     m is integrated, the answer's pattern runs i in m at the co-design
 *     factor f those sources give (multiplied in the optimizer's order:
 *     the same double).  The reconstruction then compares only i's
 *     candidates of mode m, with the same prefix, interfaces and
 *     cost-to-go for all of them: (c) on their keys at f, the
 *     interfaces' magnitudes left in the rest.  A change of i's mode
 *     (the pattern turns) is bisected by (e), else by full optima.
 *
 * (e) A step the others leave undecided (a linked layer's change of
 *     mode, a neighbour's mode not certain) is decided from the layers
 *     whose sets over the interval hold more than one option and that
 *     are joined to i (neighbours, links, a common integrated target):
 *     the cost splits exactly into theirs and the rest, so X runs one
 *     of their choices within 2 SLOP of the cheapest of them, and where
 *     those all give i one option it is X's; where two choices are
 *     left, the optimizer's choice between them (its search between two
 *     patterns of linked modes, or its reconstruction's walk within one)
 *     is replayed on their certified relation (strata-ladder-group.c).
 *
 * Every term of an option's cost and magnitude is monotone in V (the
 * window's argument), so bounds over the interval come from its ends. */

/* The layers that may change with a flipping one, and their options
 * (certificate (e), strata-ladder-group.c). */
#define GROUP_MAX_LAYERS  8
#define GROUP_MAX_OPTIONS 8
#define GROUP_MAX_MIXES   128
/* From this many layers a grid point's optimum is asked of the groups
 * first (the interval's bounds cost about an optimum on short stacks). */
#define GROUP_ROW_LAYERS  32
/* Up to this many options a ladder keeps a memo of the learning curves
 * and the band search's tangents (32 bytes an option each). */
#define LADDER_MEMO_OPTIONS 4096

#define GROUP_MAX_LINKS   64

typedef struct
{
  guint n_layers, n_targets, n_ifaces;
  guint layers[GROUP_MAX_LAYERS];
  guint n_options[GROUP_MAX_LAYERS];
  guint options[GROUP_MAX_LAYERS][GROUP_MAX_OPTIONS];
  guint targets[GROUP_MAX_LAYERS];      /* integrated layers outside D */
  guint ifaces[2 * GROUP_MAX_LAYERS];   /* interface e: between e and e + 1 */

  /* The same, worked out for a choice at once: each option's mode; per
   * term (the layers, then the targets) the links into it, whose source
   * is the group's layer at link_slot, or surely integrated (-1) or
   * neutral (-2); per interface the same of its two sides. */
  guint8 mode[GROUP_MAX_LAYERS][GROUP_MAX_OPTIONS];
  guint  link_start[2 * GROUP_MAX_LAYERS + 1];
  gint8  link_slot[GROUP_MAX_LINKS];
  double link_mult[GROUP_MAX_LINKS];
  gint8  iface_slot[2 * GROUP_MAX_LAYERS][2];
} LadderGroup;

typedef struct _LadderTiny LadderTiny;

typedef struct
{
  const StrataDataset *dataset;
  Plan        *plan;
  guint       *scratch;   /* a full optimum */
  double       lo, hi;    /* the interval */
  GArray      *flips;
  StrataJob   *job;       /* cancellation */
  StrataLadderStats *stats;

  /* Bounds of the magnitudes over the interval (worked out at its first
   * certified step) and over a bracket within it (when those are too
   * loose for a step near a tie). */
  MagBounds    interval;
  MagBounds    bracket;
  double       slop;
  double      *cand;          /* scratch: 4 per option of the widest layer */
  double      *cand_all;      /* scratch: 4 per candidate of the window */
  double      *curves;        /* scratch: 2 per candidate, the learning
                               * curves at the interval's ends */
  double      *chain;         /* scratch: 4 per layer (chain_messages ()) */
  double      *chain_above;   /* scratch: 2 per layer */
  double      *dearest;       /* scratch: 2 per layer */
  guint       *set_start;     /* n_layers + 1, CSR of set_list: per layer, */
  guint       *set_list;      /* the options that may be in a strategy within
                               * SLOP of the cheapest in the interval (the
                               * bracket's sets are within these) */
  guint       *set_pos;       /* where each of set_list is in curves */
  guint       *ks_all;        /* scratch: the option of each of cand_all */
  double      *cand_set;      /* scratch: 4 per option of the plan */

  /* The fast layers over the interval (fast_setup ()): per layer, and
   * the others' list; the sums of their constant magnitudes, of their
   * fixed costs, of the interfaces between two of them, and the moments
   * of their learning curves about each end of the interval
   * [end][falling, rising][M_0 .. M_4, M_5 of |e|^5]. */
  /* The band search's scratch (strata-ladder-excursion.c): 3 doubles
   * per layer and one per option of the plan, 2 guints and a byte per
   * layer. */
  double      *exc_d;
  guint       *exc_u;
  guint8      *exc_b;
  /* Per option (by opt_offset), kept from one grid interval to the next
   * by the band search: a volume, its log, the side's value and slope
   * there (its tangent), and what the side read of its context (0: none
   * kept); log (hi). */
  double      *anchor;
  guint8      *anchor_key;
  double       log_hi;

  guint8      *fast;
  guint       *explicit_layers;
  guint       *dearest_at;    /* 2 per layer: per mode, its candidate of
                               * least largest cost (G_MAXUINT: none) */
  guint        n_explicit;
  double       fast_k, fast_f, fast_iface;
  double       moments[2][2][6];
  double       fast_emax[2];

  /* The modes of layer nb_layer's neighbours, certain at every volume of
   * [nb_x, nb_y] (neighbours_over ()), when nb_valid; else the log-width
   * of the bracket where that last failed. */
  guint        nb_layer;
  gboolean     nb_valid;
  double       nb_x, nb_y, nb_failed;
  int          nb_below, nb_above;

  /* Linked layer lk_layer's mode and co-design factor, certain at every
   * volume of [lk_x, lk_y] (linked_over ()), when lk_valid; else the
   * log-width of the bracket where that last failed. */
  guint        lk_layer;
  gboolean     lk_valid;
  double       lk_x, lk_y, lk_failed;
  int          lk_mode;
  double       lk_factor;
  gboolean     lk_refining;   /* in _strata_ladder_linked_mode () */

  /* The pair of the flip being located (_strata_ladder_pair_choice ()),
   * valid over [pr_x, pr_y] when pr_valid; else the log-width of the
   * bracket where it last failed. */
  guint        pr_layer, pr_from, pr_above;
  gboolean     pr_valid;
  double       pr_x, pr_y, pr_failed;
  int          pr_below_mode, pr_above_mode;
  struct
  {
    guint  k;
    int    mode;
    double mag_lo, mag_hi;
    double local_hi;   /* the largest magnitude of its local sum */
    double ends[2];    /* its local sum at pr_x and pr_y */
    double iface;      /* its interfaces with the neighbours' modes */
  }            pr_keys[2];
  /* Where the pair's answer is known without a step (pair_forward ()):
   * pr_left_k at every volume of [pr_x, pr_left], pr_right_k at every
   * volume of [pr_right, pr_y]. */
  gboolean     pr_forward;
  double       pr_left, pr_right;
  guint        pr_left_k, pr_right_k;

  /* The group of layer gp_layer over the interval's sets, when gp_valid
   * (_strata_ladder_group_choice ()). */
  guint        gp_layer;
  gboolean     gp_valid;
  LadderGroup *group;        /* the ladder's, not zeroed with the locator */
  GArray      *gp_all;        /* every group of D (LadderGroup), when the
                               * replay first asks; gp_all_ok when none
                               * was too large */
  gboolean     gp_all_ok;
  guint8       gp_sets;       /* every layer's set holds an option: 1,
                               * one is empty: 2, not known yet: 0 */
  /* The groups other than that of layer od_layer run one choice each at
   * every volume of [od_x, od_y]. */
  guint        od_layer;
  double       od_x, od_y;
  /* Where the group's answer for layer gf_layer is known without a step
   * within [gf_x, gf_y] (its fast-forward): gf_left_k at every volume up
   * to gf_left, gf_right_k from gf_right; else the log-width of the
   * bracket where that last failed. */
  guint        gf_layer;
  gboolean     gf_forward;
  double       gf_x, gf_y, gf_left, gf_right, gf_failed;
  guint        gf_left_k, gf_right_k;
  gboolean     no_refine;     /* the magnitudes' bounds over the
                               * interval alone, not refined over a
                               * bracket (edge_step () first) */
  gboolean     narrowed;      /* a bracket's window pushed over the
                               * interval's (locate_change ()) */
  /* loc->curves[2 q + 1] holds each candidate's learning curve at lo
   * (the interval below's at its hi, in the same window), when
   * curves_lo_known; _strata_ladder_slop () sets curves_ready once it
   * has written every candidate's at lo and hi. */
  gboolean     curves_lo_known;
  gboolean     curves_ready;
  LadderTiny  *tiny;          /* every strategy of a very short stack, or
                               * NULL (strata-ladder-tiny.c) */
  const guint *row_lo, *row_hi; /* the optima at lo and hi */
  /* Where the optimum at lo and that at hi cost the same (NAN: none),
   * when root_known: the first volumes a flip's bisection asks
   * (strata-ladder-locate.c, locate_change ()). */
  gboolean     root_known;
  double       root;
  /* The full optima the bisections of linked layers' mode changes asked
   * for in this interval (strata-ladder-locate.c, shared_choice ()):
   * their volumes and each one's layers 0 .. sh_walk - 1, kept in a ring
   * of LOCATE_SHARED slots allocated when first needed and freed with
   * the interval (_strata_ladder_locator_clear ()). */
  double      *sh_volume;
  guint       *sh_choices;
  guint        sh_len, sh_next, sh_walk;
} Locator;

/* plan_variable_base () of option @k of layer @i at @volume, its learning
 * curve through the ladder's memo (plan_memo_curve (): the same double). */
static inline double
ladder_variable_base (const Plan *plan,
                      guint       i,
                      guint       k,
                      double      volume)
{
  guint idx = plan->opt_offset[i] + k;

  if (plan->curve_memo == NULL || plan->packed == NULL)
    return plan_variable_base (plan, i, k, volume);
  return packed_base (&plan->packed[idx], plan_memo_curve (plan, &plan->packed[idx], idx, volume));
}

static inline double
clamp_message (double x,
               double c)
{
  return CLAMP (x, 0, c) - c;
}

/* The cost and magnitude of option @k of layer @i at @volume as the
 * optimizer's option_key () of an unlinked layer works them out. */
static inline void
option_cost_at (const Plan *plan,
                guint       i,
                guint       k,
                double      volume,
                double     *cost,
                double     *mag)
{
  const StrataOption *option = &plan->dataset->layers[i].options[k];
  double base = ladder_variable_base (plan, i, k, volume);
  double fixed = option->fixed_cost.value / volume;
  double eco = plan->objective == STRATA_OBJECTIVE_CASH ? 0.0 : option->ecosystem_value.value;
  double rest = fixed - eco;
  double rest_mag = fabs (fixed) + fabs (eco);

  *cost = base + rest;
  *mag = fabs (base) + rest_mag;
}

static inline double
interface_between (const Plan *plan,
                   guint       i,
                   int         m_low,
                   int         m_high)
{
  return interface_paid (m_low, m_high) ? plan->iface[i] : 0.0;
}

/* Bounds over [x, y] of the derivative in ln V of option @k of layer
 * @i's cost with co-design factor @f (its base times f, plus its fixed
 * cost over V): a learning curve c (its base between the floor and the
 * cap) has derivative beta c, and 0 where the floor or the cap holds it;
 * beta c and F / V are monotone, so their ends bound them. */
static inline void
option_slope (const Plan *plan,
              guint       i,
              guint       k,
              double      f,
              double      x,
              double      y,
              double     *lo,
              double     *hi)
{
  const StrataOption *option = &plan->dataset->layers[i].options[k];
  double fx = -option->fixed_cost.value / x, fy = -option->fixed_cost.value / y;
  double cx = plan_curve (plan, i, k, x), cy = plan_curve (plan, i, k, y);

  *lo = MIN (fx, fy);
  *hi = MAX (fx, fy);
  if (!isnan (cx))
    {
      double beta = plan_exponent (plan, i, k);
      double cap = MAX (STRATA_MAX_VARIABLE_COST, option->unit_cost.value);
      double bx = beta * cx * f, by = beta * cy * f;
      double b_lo = MIN (bx, by), b_hi = MAX (bx, by);

      if (!(MIN (cx, cy) > option->floor_cost.value && MAX (cx, cy) < cap))
        {
          b_lo = MIN (b_lo, 0);
          b_hi = MAX (b_hi, 0);
        }
      *lo += b_lo;
      *hi += b_hi;
    }
}

/* Candidate @k of layer @i's local sum at @volume as local_choice ()
 * works it out (the same doubles), and its magnitude. */
static inline void
local_sum (const Plan *plan,
           guint       i,
           guint       k,
           int         mode,
           double      volume,
           int         below,
           int         above,
           double     *cost,
           double     *mag)
{
  option_cost_at (plan, i, k, volume, cost, mag);
  if (below >= 0)
    {
      double c = interface_between (plan, i - 1, below, mode);

      *cost += c;
      *mag += fabs (c);
    }
  if (above >= 0)
    {
      double c = interface_between (plan, i, mode, above);

      *cost += c;
      *mag += fabs (c);
    }
}

/* strata-ladder-bounds.c: the candidates of layer @i over [x, y] (4
 * doubles each into @c), SLOP over the interval (first), and the bounds
 * of the magnitudes of strategies within SLOP of the cheapest over the
 * interval (next) or a bracket within it. */
gboolean _strata_ladder_candidate_bounds (Locator      *loc,
                                          guint         i,
                                          double        x,
                                          double        y,
                                          double       *c);
gboolean _strata_ladder_slop             (Locator      *loc);
void     _strata_ladder_magnitude_bounds (Locator      *loc,
                                          MagBounds    *b,
                                          double        x,
                                          double        y);
void     _strata_ladder_mag_take         (Locator         *loc,
                                          const MagBounds *mb,
                                          guint            idx,
                                          double          *take_lo,
                                          double          *take_hi);

/* The modes linked layer @j may run in a strategy within 4 SLOP of the
 * cheapest at every volume of [x, y] (bit 0 neutral, bit 1 integrated),
 * from bounds of its window candidates' costs (strata-ladder-bounds.c). */
guint    _strata_ladder_linked_modes     (Locator      *loc,
                                          guint         j,
                                          double        x,
                                          double        y);

/* The most the links out of linked layer @j can save the layers they
 * reach over [x, y]: per link in dataset order, the largest base of an
 * integrated candidate of its target at either end times the saving;
 * with @known, a target surely neutral there (neighbour_mode ()) saves
 * nothing.  INFINITY when not finite (strata-ladder-linked.c). */
double   _strata_ladder_links_saving     (Locator        *loc,
                                          guint           j,
                                          double          x,
                                          double          y,
                                          gboolean        known);

/* A candidate of layer i at the volume being decided: its local sum and
 * the bounds of the magnitude of a strategy with it. */
typedef struct
{
  guint  k;
  int    mode;
  double cost;
  double mag_lo, mag_hi;
} LocalKey;

#define LOCAL_MAX_CANDIDATES 64

/* strata-ladder-certificate.c: the mode neighbour @j of layer j - @side
 * runs in the answer at every volume of [x, y] (certificate (b)), or -1;
 * the option plan_reconstruct ()'s two passes take among @keys, on their
 * certified relations, or G_MAXUINT. */
int      _strata_ladder_neighbour_mode   (Locator        *loc,
                                          guint           j,
                                          int             side,
                                          double          x,
                                          double          y);
guint    _strata_ladder_replay_passes    (const LocalKey *keys,
                                          guint           n_keys,
                                          double          rounds);

/* strata-ladder-certificate.c: the interval's SLOP, bounds and sets,
 * worked out at the first step that asks (FALSE, and loc->slop -1, when
 * they cannot be had). */
gboolean _strata_ladder_interval_ready   (Locator         *loc);

/* strata-ladder-certificate.c: certificate (b) for layer @i over the
 * bisection's bracket [a, b] (the modes of both neighbours at every
 * volume of it, in loc->nb_below and loc->nb_above, over [loc->nb_x,
 * loc->nb_y]), or FALSE; and bounds of the rest of a strategy's
 * magnitude, @mb's less layer @i's own terms and its two interfaces. */
gboolean _strata_ladder_neighbours_over  (Locator         *loc,
                                          guint            i,
                                          double           volume,
                                          double           a,
                                          double           b);
void     _strata_ladder_rest_bounds      (Locator         *loc,
                                          const MagBounds *mb,
                                          guint            i,
                                          double          *rest_lo,
                                          double          *rest_hi);

/* A difference of two costs at a volume, and its slope in ln V. */
typedef double (*LadderGapFunc) (gconstpointer data,
                                 double        volume,
                                 double       *slope);

/* strata-ladder-pair.c: the volume in [x, y] where the monotone @gap
 * reaches @target (@gx = gap (x) - target and @gy = gap (y) - target of
 * opposite signs), within @close of it: safeguarded Newton in ln V from
 * the secant. */
double   _strata_ladder_solve            (LadderGapFunc   gap,
                                          gconstpointer   data,
                                          double          target,
                                          double          x,
                                          double          y,
                                          double          gx,
                                          double          gy,
                                          double          close);

/* A lower bound of one candidate's cost less another's over the
 * interval (strata-ladder-pair.c). */
double   _strata_ladder_gap_floor        (const Locator  *loc,
                                          guint           i,
                                          guint           pk,
                                          guint           pr);

/* strata-ladder-pair.c: layer @i's option at @volume within the
 * bracket [a, b] of its flip from @from to @above, from those two
 * options alone (certificate (c) with every other candidate dearer than
 * both over the bracket, the neighbours' modes certain over it), or
 * G_MAXUINT. */
guint    _strata_ladder_pair_choice      (Locator        *loc,
                                          guint           i,
                                          guint           from,
                                          guint           above,
                                          double          volume,
                                          double          a,
                                          double          b);

/* strata-ladder-linked.c: the mode linked layer @j runs in the answer
 * at every volume of [x, y], or -1, with its neighbours' modes (bounds
 * of the interfaces) and its targets' (the links' savings). */
int      _strata_ladder_linked_mode      (Locator        *loc,
                                          guint           j,
                                          double          x,
                                          double          y);

/* strata-ladder-linked.c: certificate (d) for linked layer @i at @volume
 * within [a, b], with the magnitude bounds @mb: its option, or G_MAXUINT
 * (*why 3: its mode or factor not certain, 2: a pair near the edge of
 * the tie tolerance). */
guint    _strata_ladder_linked_choice    (Locator         *loc,
                                          const MagBounds *mb,
                                          guint            i,
                                          double           volume,
                                          double           a,
                                          double           b,
                                          int             *why);

/* Layer @i's option in the optimum at @volume, within the bisection's
 * bracket [a, b], by the certificate (strata-ladder-certificate.c), or
 * G_MAXUINT when it cannot tell (*why: 0 no certificate for this
 * interval, 1 a neighbour's mode, 2 a pair near the edge of the tie
 * tolerance, 3 a linked layer's own mode or co-design factor). */
guint _strata_ladder_certified_choice (Locator *loc,
                                       guint    i,
                                       double   volume,
                                       double   a,
                                       double   b,
                                       int     *why);

/* Certificate (e): the only option of layer @j's set over the interval,
 * or G_MAXUINT. */
static inline guint
set_only (const Locator *loc,
          guint          j)
{
  return loc->set_start[j + 1] - loc->set_start[j] == 1 ? loc->set_list[loc->set_start[j]]
                                                       : G_MAXUINT;
}

static inline gboolean
in_d (const Locator *loc,
      guint          j)
{
  return loc->set_start[j + 1] - loc->set_start[j] > 1;
}

static inline gboolean
in_group (const LadderGroup *g,
          guint              j)
{
  for (guint c = 0; c < g->n_layers; c++)
    if (g->layers[c] == j)
      return TRUE;
  return FALSE;
}

/* strata-ladder-group-setup.c: whether every layer's set holds an
 * option; the group @g of layer @i of D (its choices, the integrated
 * layers outside D it reaches, its interfaces; FALSE when too large);
 * every group of D, once an interval, into loc->gp_all. */
gboolean _strata_ladder_sets_full        (Locator      *loc);
gboolean _strata_ladder_group_setup      (Locator      *loc,
                                          LadderGroup  *g,
                                          guint         i);
gboolean _strata_ladder_groups_ready     (Locator      *loc);

/* strata-ladder-group.c: certificate (e), layer @i's option at @volume
 * (within the bisection's bracket [a, b]) from the group of layers that may change with it over the interval's
 * sets, or G_MAXUINT when the group's choices within 2 SLOP of its
 * cheapest give layer i more than one option. */
guint _strata_ladder_group_choice (Locator *loc,
                                   guint    i,
                                   double   volume,
                                   double   a,
                                   double   b);

/* strata-ladder-group.c: the optimum at @volume, within the interval,
 * into @row (n_layers), from the interval's sets and groups: the one
 * option of every layer's set that holds one, and each group's choice
 * cheaper than all its others by 2 SLOP; FALSE when one group has none. */
gboolean _strata_ladder_group_row (Locator *loc,
                                   double   volume,
                                   guint   *row);

/* An exact tie of a swap with its context, D within this share of the
 * band search's margin either side of 0: about 1e-14 of the costs, a few
 * dozen units in their last place, far inside the optimizer's tie
 * tolerance and outside the rounding noise of costs that nearly cancel
 * (where the optimizer's own answers flicker).  Where the tie rule gives
 * the tie to the swap, the swap is the optimum there (a band of a tie). */
#define TIE_SHARE 1e-4

/* strata-ladder-tiny.c: a grid point of a very short stack from all its
 * strategies' costs (strategies times layers at most TINY_MAX_WORK: the
 * samples' 16 x 4 and 32 x 5; past about 64 x 7 one search is quicker). */
#define TINY_MAX_LAYERS 16
#define TINY_MAX_WORK   512

/* TRUE when option @wo's cost and magnitude never rise with the volume:
 * its fixed cost not negative, its ecosystem value finite, and either its
 * variable base without a learning curve not negative or its learning
 * curve's unit cost and floor not negative and its exponent not above 0
 * (the bounds of strata-ladder-tiny.c and strata-ladder-carry.c). */
static inline gboolean
ladder_option_monotone (const PlanOption *wo)
{
  if (!(wo->fixed >= 0 && isfinite (wo->fixed) && isfinite (wo->eco)))
    return FALSE;
  return isnan (wo->base) ? wo->exponent <= 0 && wo->unit >= 0 && wo->floor >= 0
                          : wo->base >= 0;
}

/* A lower bound of an option's learning curve's base at a later grid
 * point: @learn, its base at an earlier one (0 without a curve), times
 * @ratio (from _strata_ladder_curve_steps ()), not below its floor (a
 * cap only holds a curve back). */
static inline double
ladder_curve_bound (const PlanOption *wo,
                    double            learn,
                    double            ratio)
{
  return learn > 0 ? MAX (wo->floor, learn * ratio) : 0;
}

/* strata-ladder-carry.c: for each option (by plan->opt_offset) the
 * widest ratio of two neighbouring grid points of @volumes raised to its
 * learning exponent, held back by its rounding (1 without a curve): a
 * lower bound of its curve's ratio over one grid step.  FALSE when that
 * ratio is not finite. */
gboolean _strata_ladder_curve_steps (const Plan   *plan,
                                     const double *volumes,
                                     guint         n_points,
                                     double       *step);
/* The widest ratio of two neighbouring grid points of @volumes, held up
 * by its rounding. */
double   _strata_ladder_widest_step (const double *volumes,
                                     guint         n_points);

/* One option's step of _strata_ladder_curve_steps () for @widest. */
static inline double
_strata_ladder_curve_step (const PlanOption *o,
                           double            widest)
{
  return isnan (o->base) ? pow (widest, o->exponent) * (1 - 1e-12) : 1.0;
}

/* What of every strategy's cost does not depend on the volume; NULL
 * when @plan's dataset has more strategies than that. */
LadderTiny *_strata_ladder_tiny_new  (const Plan   *plan,
                                      const double *volumes,
                                      guint         n_points);
void        _strata_ladder_tiny_free (LadderTiny *t);
/* The optimum at grid point @q (@volume) into @row (n_layers) and its
 * options' variable bases into @bases (the optimizer's doubles), from
 * grid point q - 1's where bounds of every strategy's cost tell, else
 * from all their costs; FALSE when it is not cheaper than every other
 * strategy by far more than the tie tolerance.  When from q - 1, *@cost
 * is its objective's cost (the model's double), else NAN. */
gboolean    _strata_ladder_tiny_row  (LadderTiny *t,
                                      const Plan *plan,
                                      guint       q,
                                      double      volume,
                                      guint      *row,
                                      double     *bases,
                                      double     *cost);
/* strata-ladder-tiny.c: volumes in (@lo, @hi) where a strategy
 * beats the context by more than @margin: @ctx (each layer's option) at
 * @lo, turned by the flips @cuts (@n_cuts, ascending) located in the
 * interval, against every other strategy of @t (a band of any number of
 * layers).  At most @max_probes into @probes, their number into
 * @n_found; FALSE (nothing probed) when the bounds do not hold (a cost
 * that rises with the volume). */
/* Where strategy @row_b, dearer at @lo, costs what @row_a does (each
 * layer's option, within it), found by _strata_ladder_solve (), or NAN
 * when their difference does not change sign over [@lo, @hi]. */
double      _strata_ladder_tiny_root    (const LadderTiny *t,
                                         const Plan       *plan,
                                         const guint      *row_a,
                                         const guint      *row_b,
                                         double            lo,
                                         double            hi);
/* TRUE when no strategy can beat the optimum anywhere inside grid
 * interval [q - 1, q], which runs one strategy at both ends (costing
 * @cost_lo at q - 1) and has no flip, by more than @margin: from bounds
 * of every strategy's cost at q (strata-ladder-tiny.c). */
gboolean    _strata_ladder_tiny_no_band (const LadderTiny *t,
                                         guint             q,
                                         double            cost_lo,
                                         double            margin);
gboolean    _strata_ladder_tiny_probes (const LadderTiny *t,
                                        const Plan       *plan,
                                        double            lo,
                                        double            hi,
                                        const guint      *ctx,
                                        const StrataFlip *cuts,
                                        guint             n_cuts,
                                        double            margin,
                                        double           *probes,
                                        guint             max_probes,
                                        guint            *n_found);
/* The objective's cost at @volume of the strategy of options @option
 * (n_layers, by plan->opt_offset), each integrated one's base times its
 * factor in @coef: the same double as strata_objective_unit_cost ()
 * (its sums in the model's order); their bases into @bases. */
double      _strata_ladder_row_cost  (const Plan   *plan,
                                      const guint  *option,
                                      const double *coef,
                                      double        volume,
                                      double       *bases);

/* Which of the plan's windows something was worked out in (positions
 * in its candidate lists refer to that window): none, or the window with
 * its level and range (a window is reused for another range). */
typedef struct
{
  const PlanWindow *window;
  guint             depth;
  double            lo, hi;
} WindowMark;

static inline void
window_mark_take (WindowMark *mark,
                  const Plan *plan)
{
  const PlanWindow *w = plan->window;

  mark->window = w;
  if (w != NULL)
    {
      mark->depth = w->depth;
      mark->lo = w->lo;
      mark->hi = w->hi;
    }
}

/* TRUE when @mark is the plan's current window. */
static inline gboolean
window_mark_same (const WindowMark *mark,
                  const Plan       *plan)
{
  const PlanWindow *w = plan->window;

  if (w == NULL)
    return mark->window == NULL;
  return mark->window == w && mark->depth == w->depth && mark->lo == w->lo && mark->hi == w->hi;
}

/* strata-ladder-carry.c: a grid point of a short stack (fewer than
 * GROUP_ROW_LAYERS layers) carried from the one before, from bounds of
 * every option's cost over the volumes between. */
typedef struct _LadderCarry LadderCarry;

/* NULL when a cost may rise with the volume (or the stack is longer). */
LadderCarry *_strata_ladder_carry_new    (const Plan   *plan,
                                          const double *volumes,
                                          guint         n_points);
void         _strata_ladder_carry_free   (LadderCarry *c);
/* After the optimizer's answer @row at grid point @q (@volume). */
void         _strata_ladder_carry_solved (LadderCarry *c,
                                          const Plan  *plan,
                                          guint        q,
                                          double       volume,
                                          const guint *row);
/* TRUE when the answer at grid point @q - 1 is the optimum at grid point
 * @q (@volume) too: then in @row (n_layers), its options' variable bases
 * in @bases (the optimizer's doubles), its objective's cost in *@cost
 * (the model's double). */
gboolean     _strata_ladder_carry_row    (LadderCarry *c,
                                          const Plan  *plan,
                                          guint        q,
                                          double       volume,
                                          guint       *row,
                                          double      *bases,
                                          double      *cost);

/* The ladder's order of flips: by volume, then by layer (strata-ladder.c). */
int  _strata_ladder_compare_flips (gconstpointer a,
                                   gconstpointer b);

/* Every change of layer @layer's optimal option between @lo (option
 * @from) and @hi (option @to) within the locator's interval, each located
 * to STRATA_VOLUME_PRECISION, appended to its flips (strata-ladder-locate.c). */
void _strata_ladder_locate_flips (Locator *loc,
                                  guint    layer,
                                  double   lo,
                                  guint    from,
                                  double   hi,
                                  guint    to);
/* Frees what the locator's bisections kept (strata-ladder-locate.c). */
void _strata_ladder_locator_clear (Locator *loc);

/* The flips of bands narrower than the locator's interval, whose ends run
 * @row_lo and @row_hi, its flips from @first_flip on in its list located
 * already: swaps that beat the strategy there by more than @margin
 * probed, solved, and the layers they show changing located again
 * (strata-ladder-excursion.c). */
/* Where layer @layer running @to, dearer at @lo, costs what it does
 * running @from, the rest as @ctx (the parts of the cost that read its
 * option: its own, its interfaces, the variable costs its links reach),
 * or NAN when the difference does not change sign over [@lo, @hi]
 * (strata-ladder-excursion.c). */
double _strata_ladder_swap_root  (const Plan  *plan,
                                  const guint *ctx,
                                  guint        layer,
                                  guint        from,
                                  guint        to,
                                  double       lo,
                                  double       hi);

void _strata_ladder_excursions   (Locator     *loc,
                                  const guint *row_lo,
                                  const guint *row_hi,
                                  guint        first_flip,
                                  double       margin);

G_END_DECLS
