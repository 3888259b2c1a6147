/* strata-horizon.h
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "strata-dataset.h"

G_BEGIN_DECLS

/*
 * The decision over years (MODEL.md section 8): the horizon of a dataset,
 * the cash of a plan year by year, its net present values, "adopt S now"
 * and the exact optimal roadmap.  Pure and thread-safe for a finished
 * dataset, like strata-model.h.
 */

typedef enum
{
  STRATA_LEARNING_ANNUAL     = 0,  /* Wright's law on the year's volume */
  STRATA_LEARNING_CUMULATIVE = 1,  /* on cumulative output */
} StrataLearning;

/* What a roadmap minimizes (MODEL.md 3, "Objective"): the objective's
 * cost is the effective cost (cash less ecosystem value) or the cash
 * cost.  Kept local to the horizon so that it can become an alias of the
 * core's objective enum. */
typedef enum
{
  STRATA_HORIZON_EFFECTIVE = 0,
  STRATA_HORIZON_CASH      = 1,
} StrataHorizonObjective;

struct _StrataHorizon
{
  int           first_year;     /* calendar year of year 0, 1900..2200 */
  guint         years;          /* 1..50 */
  StrataNumber  discount_rate;  /* 0 <= d < 1 */

  /* volume: {first, growth} or a list of exactly `years` volumes */
  gboolean      volume_listed;
  StrataNumber  volume_first;   /* when !volume_listed */
  StrataNumber  volume_growth;  /* when !volume_listed, > -1 */
  double       *volumes;        /* (owned) when volume_listed: years entries */

  char         *start;          /* (owned) strategy id running today */
  StrataLearning learning;
  JsonObject   *extra;          /* (owned) (nullable) unknown keys, kept for save */
};

#define STRATA_HORIZON_MIN_YEAR   1900
#define STRATA_HORIZON_MAX_YEAR   2200
#define STRATA_HORIZON_MAX_YEARS  50
#define STRATA_MAX_BUILD_YEARS    20

void      strata_horizon_free          (StrataHorizon *horizon);
StrataHorizon *
          strata_horizon_copy          (const StrataHorizon *horizon);

/* V_t for t = 0 .. years-1 into @out (years entries). */
void      strata_horizon_volumes       (const StrataHorizon *horizon,
                                        double              *out);

/* The start strategy's choices (the optimal preset resolved at V_0 as
 * MODEL.md section 5 defines it, least effective_unit_cost: what runs
 * today does not change with the objective an answer ranks by). */
void      strata_horizon_start_choices (const StrataDataset *dataset,
                                        guint               *choices_out);

/* Whether the horizon has uncertain numbers of its own (discount rate,
 * volume, an option's capex or exit cost): those move savings_npv and
 * nothing of sections 3 to 6. */
gboolean  strata_horizon_has_uncertain (const StrataDataset *dataset);

/* The choices "adopt @strategy now" moves to: its own, or for the
 * optimal preset the optimum of @objective at V_0, as `evaluate
 * --optimal --objective` gives it.  Returns @choices_out. */
guint    *strata_horizon_adopted_choices (const StrataDataset    *dataset,
                                          const StrataStrategy   *strategy,
                                          StrataHorizonObjective  objective,
                                          guint                  *choices_out);

/* A roadmap: per layer, the option it switches to and the year (index
 * from 0) it decides to; decide_year -1 (and option the start option)
 * when the layer never switches. */
typedef struct
{
  guint option;
  int   decide_year;
} StrataLayerPlan;

/* One year of a plan (MODEL.md 8); amounts undiscounted, per year. */
typedef struct
{
  int     year;             /* calendar year */
  double  volume;
  double  unit_cost;        /* section 3's unit_cost of the running options */
  double  capex;
  double  exit_cost;
  double  ecosystem_value;  /* running options' ecosystem_value x V_t */
  double  cash_cost;        /* unit_cost x V + capex + exit_cost */
  double  effective_cost;   /* cash_cost less ecosystem value */
  double  savings;          /* cumulative discounted savings against the start plan, to this year */
} StrataPlanYear;

typedef struct
{
  guint           n_layers;
  guint           n_years;
  StrataHorizonObjective objective;
  StrataLayerPlan *plans;          /* n_layers */
  guint          *start;           /* n_layers start options */
  guint          *choices;         /* n_years x n_layers: option running */
  int            *building;        /* n_years x n_layers: option being built, or -1 */
  StrataPlanYear *rows;            /* n_years */
  double          npv_cost;
  double          npv_effective_cost;
  gboolean        has_profit;
  double          npv_profit;
  double          savings_npv;
  gboolean        has_payback;
  int             payback_year;    /* calendar year */
  double          peak_funding;    /* >= 0 */
} StrataPlanResult;

/* Evaluates the roadmap @plans (n_layers entries) against the start plan.
 * The dataset must have a horizon and every switch must run before the
 * horizon ends (see strata_roadmap_is_valid()). */
StrataPlanResult *strata_plan_evaluate    (const StrataDataset    *dataset,
                                           const StrataLayerPlan  *plans,
                                           StrataHorizonObjective  objective);
void              strata_plan_result_free (StrataPlanResult       *result);

/* NPV of the objective's cost of @plans alone (no rows): the fast path. */
double            strata_plan_npv         (const StrataDataset    *dataset,
                                           const StrataLayerPlan  *plans,
                                           StrataHorizonObjective  objective);

/* TRUE when every switch of @plans goes to another option than the start
 * and runs before the horizon ends. */
gboolean          strata_roadmap_is_valid (const StrataDataset    *dataset,
                                           const StrataLayerPlan  *plans);

/* Adopt @choices now: every layer whose choice differs from the start
 * decides in year 0.  FALSE with @error when an option could not run
 * before the horizon ends. */
gboolean          strata_roadmap_adopt    (const StrataDataset    *dataset,
                                           const guint            *choices,
                                           StrataLayerPlan        *plans_out,
                                           GError                **error);

/* Adopt @strategy now, evaluated: its choices at the first year's volume
 * (strata_strategy_resolve ()) through strata_roadmap_adopt () and
 * strata_plan_evaluate ().  NULL with @error when an option could not run
 * before the horizon ends. */
StrataPlanResult *strata_plan_adopt_now   (const StrataDataset    *dataset,
                                           const StrataStrategy   *strategy,
                                           StrataHorizonObjective  objective,
                                           GError                **error);

/* Whether "adopt @strategy now" is a roadmap on the dataset's own
 * numbers (MODEL.md 8: every option it switches to can run before the
 * horizon ends); FALSE with @error (nullable) saying which layer's
 * option cannot, as strata_plan_adopt_now () would. */
gboolean          strata_plan_can_adopt   (const StrataDataset    *dataset,
                                           const StrataStrategy   *strategy,
                                           StrataHorizonObjective  objective,
                                           GError                **error);

/* The start plan (no layer switches), evaluated. */
StrataPlanResult *strata_plan_start       (const StrataDataset    *dataset,
                                           StrataHorizonObjective  objective);

/* The exact optimal roadmap (MODEL.md 8): least NPV of the objective's
 * cost; ties (within 1e-9 of the problem's scale) go to fewer switches,
 * then later switches (the larger sum of decision years), then earlier
 * options in dataset order, compared layer by layer, bottom first.
 * FALSE with @error only when the layers are coupled so densely by links
 * that the exact search would need more memory than it may use. */
gboolean          strata_roadmap_optimal  (const StrataDataset    *dataset,
                                           StrataHorizonObjective  objective,
                                           StrataLayerPlan        *plans_out,
                                           GError                **error);

/* The test oracle: every roadmap tried, same tie rules.  Exponential.
 * Returns how many roadmaps tie at the least NPV. */
guint             strata_roadmap_brute_force (const StrataDataset    *dataset,
                                              StrataHorizonObjective  objective,
                                              StrataLayerPlan        *plans_out);

/* Number of switches of @plans. */
guint             strata_roadmap_n_switches (const StrataDataset   *dataset,
                                             const StrataLayerPlan *plans);

const char       *strata_horizon_objective_to_string (StrataHorizonObjective objective);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StrataPlanResult, strata_plan_result_free)

G_END_DECLS
