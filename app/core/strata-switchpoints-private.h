/* strata-switchpoints-private.h: what the switch points' walks
 * (strata-switchpoints.c) and their fields (strata-switchpoints-fields.c)
 * share
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <math.h>

#include "strata/strata-switchpoints.h"

#include "strata-horizon-private.h"
#include "strata-model-private.h"
#include "strata-uncertainty-private.h"

G_BEGIN_DECLS

typedef struct _SwitchBound SwitchBound;
typedef struct _SavingsDelta SavingsDelta;

typedef struct
{
  StrataSwitchPoints *points;
  StrataSample        sample;
  double            **slots;     /* per field: the number in the sample (NULL: an integer) */
  guint             **ints;      /* per field: the integer in the sample, or NULL */
  GPtrArray          *int_slots; /* (owned) what ints points into */
  guint               n_dec;     /* guints per decision */
  guint              *choices;   /* scratch */
  StrataJob          *job;       /* (nullable) cancellation */
  Plan               *plan;      /* (owned) (nullable) the optimum's, on the sample, kept
                                  * up to date as fields change (a NULL) */
  guint              *today;     /* (owned) (nullable) the decision at every field's own
                                  * value, the same for all: once worked out */
  SwitchBound        *bound;     /* (owned) (nullable) the chain's messages at today's
                                  * numbers (strata-switchpoints-bound.c) */
  guint              *pair_t;    /* (owned) (nullable) a pair with an optimal side: the
                                  * optimum's choices at today's numbers */
  int                 pair_today; /* -1 not known yet, else whether the fixed side is
                                   * clear of them today (_strata_switch_pair_clear ()) */
  int                 moved;     /* the field whose number a decision moved, or -1 */
  gboolean            have_never; /* savings_npv: never_npv worked out */
  double              never_npv; /* the start plan's NPV at today's numbers */
  gboolean            have_adopted_npv;
  double              adopted_npv; /* adopting today's adopted choices now, today's NPV */
  guint              *adopted;   /* (owned) (nullable) savings_npv adopting the optimum:
                                  * the first year's optimum of the last decision */
  gboolean            have_today_mag;
  double              today_mag; /* the optimum's decision: the magnitude of today's
                                  * optimum's cost (a prediction's tie tolerance) */
  HorizonCtx         *npv_ctx;   /* (owned) (nullable) savings_npv with annual learning:
                                  * the sample's horizon, every option's variable cost
                                  * a year (finder_npv ()) */
  int                 npv_layer; /* the layer and option whose row of npv_ctx may */
  guint               npv_option; /* hold a moved number's costs; layer -1: none */
  guint              *memo;      /* (owned) (nullable) the last optimum worked out with one
                                  * field moved: its choices, */
  int                 memo_field; /* the field (-1: none), */
  double              memo_value; /* its number and */
  double              memo_volume; /* the volume (_strata_switch_memo_get ()) */
  SavingsDelta       *delta;     /* (owned) (nullable) savings_npv: today's plans' NPVs
                                  * by layer (strata-switchpoints-delta.c) */
  gboolean            bare;      /* set before _strata_switch_finder_init (): the fields
                                  * without their paths and labels (a walker's) */
} Finder;

/* The optimum at @volume with @field's number at @value (every other
 * number today's) into @out, when it is the last one worked out so
 * (_strata_switch_memo_put ()): a walk's end is asked by the bounds of
 * savings_npv and by its decision there, the same optimum. */
gboolean _strata_switch_memo_get (Finder *finder,
                                  int     field,
                                  double  value,
                                  double  volume,
                                  guint  *out);
void     _strata_switch_memo_put (Finder      *finder,
                                  int          field,
                                  double       value,
                                  double       volume,
                                  const guint *choices);

/* The finder's context of the horizon for a plan's NPV on the sample as
 * it is now (the moved option's row worked out), or NULL where
 * strata_plan_npv () needs a context of its own. */
HorizonCtx *_strata_switch_npv_ctx (Finder *finder);

/* The sign of savings_npv of adopting @adopt (this decision's plan)
 * against the start plan, from today's NPVs and the parts of the layers
 * the moved number and the plan touch, when the rounding of the whole
 * sums cannot turn it; FALSE when it cannot tell
 * (strata-switchpoints-delta.c). */
gboolean _strata_switch_savings_delta      (Finder                 *finder,
                                            const StrataLayerPlan  *adopt,
                                            StrataHorizonObjective  objective,
                                            StrataSwitchCheaper    *out);
void     _strata_switch_savings_delta_free (SavingsDelta           *delta);
/* How many decisions the delta told since the last call (tests, bench). */
guint    _strata_switch_savings_delta_take_told (void);

/* Which of @a and @b is cheaper: EQUAL within the tie tolerance of the
 * two (or when either is not finite). */
static inline StrataSwitchCheaper
_strata_switch_cheaper_of (double a,
                           double b)
{
  if (!isfinite (a) || !isfinite (b) ||
      fabs (a - b) <= STRATA_CHEAPER_TOLERANCE * (fabs (a) + fabs (b)))
    return STRATA_SWITCH_EQUAL;
  return a < b ? STRATA_SWITCH_A_CHEAPER : STRATA_SWITCH_B_CHEAPER;
}

/* The sign of savings_npv of adopting A now against the start plan on
 * the sample as it is now: A cheaper when the savings are positive; a
 * value at which A cannot be adopted (its option would not run within
 * the horizon) keeps the start plan: B.  A the optimum: solved on @plan
 * (nullable: a new plan) at the first year's volume, the same choices
 * (strata-switchpoints-fields.c). */
StrataSwitchCheaper _strata_switch_savings_sign (Finder *finder,
                                                 Plan   *plan);
/* Whether savings_npv's "zero" from a switch to it at @last_at up to a
 * switch away from it (@d_before "zero", @d_after not) at @at is only
 * the NPVs' rounding where the savings cross 0 (narrower than 1e-6 of
 * the value; 2.7e-9 seen), not a stretch where adopting changes nothing:
 * the two are one switch (strata-switchpoints-fields.c). */
gboolean _strata_switch_zero_band (const Finder *finder,
                                   double        last_at,
                                   double        at,
                                   const guint  *d_before,
                                   const guint  *d_after);

/* Sets up @finder for @points: a sample of @dataset, and every field of
 * it appended to @points->fields (the order of the header); returns the
 * fields' slots in the sample (NULL: an integer, in @finder->ints). */
GPtrArray *_strata_switch_finder_init  (Finder              *finder,
                                        StrataSwitchPoints  *points,
                                        const StrataDataset *dataset);
void       _strata_switch_finder_clear (Finder              *finder);
/* The clear function of an array of StrataSwitchField. */
void       _strata_switch_field_clear  (gpointer             data);
void       _strata_switch_clear        (gpointer             data);
/* How many threads walk the fields (0, the default: one per core; the
 * switch points are the same for any number; tests compare them). */
void       _strata_switch_points_set_threads (guint n_threads);

/* +1 when raising @f's number never makes its option cheaper, -1 when
 * lowering it never does, 0 otherwise (strata-switchpoints-fields.c). */
int        _strata_switch_field_costlier_when (const Finder            *finder,
                                               const StrataSwitchField *f);

/* savings_npv of adopting the choices @adopted now against the start
 * plan's @start: TRUE when it moves one way with @f's number, so that
 * its sign changes once at most on a walk (strata-switchpoints-fields.c). */
gboolean   _strata_switch_savings_monotone (const guint             *adopted,
                                            const guint             *start,
                                            const StrataDataset     *dataset,
                                            const StrataSwitchField *f);
/* Whether savings_npv of adopting the choices @adopted now (fixed all
 * the way), with @field a learning rate, never comes back to a decision
 * it left on a walk from today's value (strata-switchpoints-fields.c). */
double     _strata_switch_start_npv    (Finder              *finder);
/* Whether a link enters @layer (its integrated options' co-design factor
 * depends on other layers' modes). */
gboolean   _strata_switch_linked_into  (const Finder        *finder,
                                        guint                layer);
gboolean   _strata_switch_savings_unimodal (Finder      *finder,
                                            guint        field,
                                            const guint *adopted);
/* Whether savings_npv of adopting T, which stays the first year's
 * optimum to @end, is clearly positive all the way there from today's
 * value of @field, a learning rate (strata-switchpoints-fields.c). */
gboolean   _strata_switch_savings_positive_both (Finder *finder,
                                                 guint   field,
                                                 double  end);
/* Whether savings_npv's sign changes once at most on @field's walk from
 * today's value to @end: the start fixed, and adopting a fixed strategy,
 * or the optimum where the walk only makes an option the first year's
 * optimum does not run dearer, or one it runs (in a layer no link
 * enters) cheaper, so the adopted choices stay those, when it moves one
 * way with the number (strata-switchpoints-bound.c). */
gboolean   _strata_switch_savings_once (Finder              *finder,
                                        guint                field,
                                        double               end);

/* TRUE when the optimum with @field's number at @value is surely
 * today's (a == NULL, a number of an option today's optimum does not run,
 * with which no strategy comes near it there by the chain's bound), told
 * without an optimum; FALSE when that cannot be told so
 * (strata-switchpoints-bound.c).  Needs @finder->today. */
gboolean   _strata_switch_today_holds  (Finder              *finder,
                                        guint                field,
                                        double               value);
/* TRUE when the optimum with @field's number at @value is told by the
 * chain's bound without an optimum, into @out: today's, or today's with
 * the option in its layer when that is cheaper than every other strategy
 * by the bound's margin (strata-switchpoints-bound.c). */
gboolean   _strata_switch_known        (Finder              *finder,
                                        guint                field,
                                        double               value,
                                        guint               *out);
/* How many decisions _strata_switch_known () told switched since the
 * last call (for tests). */
guint      _strata_switch_known_take_switched (void);
/* D0, the strategy the chain's bound compares with: today's optimum;
 * for a pair of a fixed strategy and the optimum, the fixed side's
 * choices when they are today's optimal choices; else NULL. */
const guint *_strata_switch_d0         (Finder              *finder);
/* A pair of a fixed strategy and the optimum: TRUE when the optimum is
 * surely cheaper than the fixed side at every value of @field's walk
 * from today's value to @end, told without an optimum: then the walk
 * has no switch (strata-switchpoints-bound.c).  The optimum against
 * itself: TRUE.  savings_npv of adopting the optimum against a fixed
 * start: TRUE for a number of an option neither plan runs while the
 * first year's optimum surely stays today's. */
gboolean   _strata_switch_pair_clear   (Finder              *finder,
                                        guint                field,
                                        double               end);
void       _strata_switch_bound_free   (SwitchBound         *bound);

/* How many decisions the walks took since the last call, and in
 * @at_ends (nullable) how many of them were a walk's end (for tests). */
guint      _strata_switch_points_take_decisions (guint *at_ends);

/* The decision with @field's number at @value (the sample left as it was). */
void       _strata_switch_decide       (Finder              *finder,
                                        guint                field,
                                        double               value,
                                        guint               *out);

/* The optimum's choices with @field's number at @value (the sample left
 * as it was): the finder's plan, the same choices as a new plan's. */
void       _strata_switch_optimum_at   (Finder              *finder,
                                        guint                field,
                                        double               value,
                                        guint               *out);

/* Whether the decision at @x is the near end's (of a bisection). */
typedef gboolean (*StrataNearSide) (double   x,
                                    gpointer data);

/* The one bisection of switch points: [@lo, @hi] halved in log value
 * (@lo on the near side, @hi not) to STRATA_VOLUME_PRECISION / 2, each mid
 * put on its side by @near_side; stops early once @job (nullable) is
 * cancelled (strata-switchpoints-locate.c). */
void       _strata_switch_bisect       (double              *lo,
                                        double              *hi,
                                        StrataNearSide       near_side,
                                        gpointer             data,
                                        StrataJob           *job);

/* A walk's grid (strata-switchpoints.c): GRID_STEPS steps in log value
 * from today's value (k = 0) to the end of its range (@end, k =
 * GRID_STEPS). */
#define GRID_STEPS 48

static inline double
_strata_switch_grid_point (double value,
                           double log_span,
                           double end,
                           guint  k)
{
  return k == GRID_STEPS ? end : value * exp (log_span * k / GRID_STEPS);
}

/* Where no decision comes back once left: the grid points whose decision
 * differs from the one before, each with its decision in row k of @d
 * (n_dec guints a row) and @changed[k] set; rows 0 and GRID_STEPS are
 * known (strata-switchpoints-locate.c).  With @pieces (savings_npv of
 * adopting the optimum against a fixed start, a number of an option, not
 * a whole one: _strata_switch_pieces () says whether a walk of @field is
 * of that kind) the walk's decisions are the same at two grid points, and
 * at every point between them, where they also have the same first
 * year's optimum S and the savings of adopting S move one way with the
 * number or not at all; row GRID_STEPS must be the last decided. */
void       _strata_switch_grid_fill    (Finder              *finder,
                                        guint                field,
                                        double               value,
                                        double               log_span,
                                        double               end,
                                        guint               *d,
                                        gboolean            *changed,
                                        gboolean             pieces);
gboolean   _strata_switch_pieces       (Finder              *finder,
                                        guint                field);

/* A prediction of a switch between @near (decision @d_near) and @next
 * (@d_next, another), both above 0: the root, in log value, of the two
 * decisions' cost difference (the strategies the optimum chose there, or
 * A and B) by the Illinois method on the exact costs, two strategies'
 * costs a step, until its bracket is @precision wide in log value (0: as
 * narrow as the doubles go); FALSE when the difference does not change
 * sign there (strata-switchpoints-locate.c). */
gboolean   _strata_switch_predict      (Finder              *finder,
                                        guint                field,
                                        double               near,
                                        double               next,
                                        const guint         *d_near,
                                        const guint         *d_next,
                                        double               precision,
                                        double              *root);

/* What the exact cost difference of a switch's two decisions says of
 * the switch the bisection found in [lo, hi]. */
typedef enum
{
  STRATA_RAW_KEEP,   /* it changes sign in [lo, hi] (or cannot tell): keep the bracket */
  STRATA_RAW_MOVED,  /* it changes sign nearby, outside: the switch is there */
  STRATA_RAW_NEVER,  /* it keeps the sign before the switch all the way to the walk's end */
} StrataRawSwitch;

/* The switch from @d_lo (at @lo) to @d_hi (at @hi), found by bisection
 * on decisions, against the sign of the exact difference of the two
 * decisions' costs (parts both share cancel: _strata_objective_unit_cost_
 * difference ()): the optimum's tie tolerance, 1e-12 of the whole cost,
 * moves a switch off the crossing by up to 1e-12 of the cost over the
 * difference's slope, and where a cost both decisions share is a
 * million times the parts that decide, 1e-6 off.  With the optimum or
 * a pair as the decision (an optimal side as the strategy the optimum
 * runs there); @today and @end bound the walk
 * (strata-switchpoints-locate.c). */
StrataRawSwitch _strata_switch_raw_root (Finder              *finder,
                                         guint                field,
                                         double               today,
                                         double               lo,
                                         double               hi,
                                         double               end,
                                         const guint         *d_lo,
                                         const guint         *d_hi,
                                         double              *root);

/* Where no decision comes back once left: the last bracket [lo, hi] of
 * the bisection in log value between @near (decision @d_near) and @next
 * (@d_next, another), and the decision at hi, the same doubles as the
 * bisection's in a few decisions (strata-switchpoints-locate.c). */
void       _strata_switch_locate       (Finder              *finder,
                                        guint                field,
                                        double               near,
                                        double               next,
                                        const guint         *d_near,
                                        const guint         *d_next,
                                        double              *lo_out,
                                        double              *hi_out,
                                        guint               *d_after);
/* Whether a field that can switch the optimum at most once each way is
 * first decided at the walk's end (TRUE, the default), and not walked
 * when that is today's decision; tests compare with the whole walk. */
void       _strata_switch_points_set_ends_first (gboolean ends_first);

G_END_DECLS
