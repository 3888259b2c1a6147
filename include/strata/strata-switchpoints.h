/* strata-switchpoints.h
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "strata-dataset.h"
#include "strata-model.h"

G_BEGIN_DECLS

/*
 * Switch points, "what would have to be true" (MODEL.md section 6): for
 * every number of a dataset that can move the decision at one volume
 * (every numeric option and link field and the boundary costs, uncertain
 * or not), holding all others at their value, the values within
 * [value / 10, value x 10] (clamped to the field's rule) where the decision
 * changes, each located to 1e-9 relative on the exact model.
 *
 * The decision is the optimal option of every layer (the default), or
 * which of two strategies A and B is cheaper.  Pure; runs in the caller's
 * thread.
 */

/* Where a field lives. */
typedef enum
{
  STRATA_SWITCH_FIELD_BOUNDARY,        /* the dataset's boundary_cost */
  STRATA_SWITCH_FIELD_LAYER_BOUNDARY,  /* layers[layer].boundary_cost */
  STRATA_SWITCH_FIELD_OPTION,          /* a field of layers[layer].options[option] */
  STRATA_SWITCH_FIELD_LINK,            /* links[link].saving */
  STRATA_SWITCH_FIELD_HORIZON,         /* savings_npv only: horizon.discount_rate,
                                        * horizon.volume.first, horizon.volume.growth */
} StrataSwitchFieldKind;

/* Why a field has no switch in its range, exactly. */
typedef enum
{
  STRATA_SWITCH_HAS_SWITCH = 0,     /* it has at least one switch */
  STRATA_SWITCH_HOLDS,              /* the decision holds across its whole range */
  STRATA_SWITCH_ZERO,               /* its value is 0: value / 10 .. value x 10 is one point */
  STRATA_SWITCH_LATENCY_ONLY,       /* it only affects latency */
  STRATA_SWITCH_MARGIN_ONLY,        /* a margin on a given price: the supplier's margin only */
  STRATA_SWITCH_NOT_COUNTED,        /* ecosystem value, which the cash objective ignores */
  STRATA_SWITCH_TOP_LAYER,          /* the top layer's boundary: there is no interface above it */
  STRATA_SWITCH_OVERRIDDEN,         /* the default boundary cost: every interface has its own */
  STRATA_SWITCH_NOT_CHOSEN,         /* neither A nor B runs its option (nor its link) */
  STRATA_SWITCH_NOT_SWITCHED,       /* savings_npv: the capex or build years of an option
                                     * the plan does not adopt, the exit cost of one it
                                     * does not leave */
} StrataSwitchReason;

/* "the decision holds across its whole range", "it only affects
 * latency", ...; and a short form ("holds", "latency only", ...). */
const char *strata_switch_reason_text  (StrataSwitchReason reason);
const char *strata_switch_reason_short (StrataSwitchReason reason);

typedef struct
{
  StrataSwitchFieldKind  kind;
  guint                  layer;      /* LAYER_BOUNDARY, OPTION */
  guint                  option;     /* OPTION */
  guint                  link;       /* LINK */
  const char            *field;      /* (static) JSON key: "fixed_cost", "saving", "boundary_cost",
                                      * "capex", "build_years", "discount_rate", "volume.growth" */
  char                  *path;       /* field path of MODEL.md 7: "layers.chips.options.asic.fixed_cost" */
  char                  *label;      /* "Chips / In-house accelerator: fixed_cost" */
  const char *const     *sources;    /* (nullable) borrowed from the dataset: the source ids
                                      * of its option, layer or link */
  double                 value;      /* today's value */
  double                 range_low;  /* the range searched */
  double                 range_high;
  gboolean               uncertain;  /* it has its own {low, high} */
  double                 low;        /* when uncertain */
  double                 high;
  StrataSwitchReason     reason;     /* HAS_SWITCH, or why it has none */
} StrataSwitchField;

/* The decision: the optimal choices (n_layers option indices) or which
 * of A and B is cheaper. */
typedef enum
{
  STRATA_SWITCH_A_CHEAPER = -1,
  STRATA_SWITCH_EQUAL     = 0,   /* the same cost within rounding */
  STRATA_SWITCH_B_CHEAPER = 1,
} StrataSwitchCheaper;

typedef struct
{
  guint                field;          /* index into fields */
  double               value;          /* the field's value today */
  double               at;             /* where the decision changes */
  double               ratio;          /* at / value */
  gboolean             within_uncertainty;  /* at lies in the field's own [low, high] */
  /* The decision on the side of today's value ("before") and beyond
   * the switch ("after"): */
  guint               *before;         /* optimal: n_layers choices (owned); else NULL */
  guint               *after;
  StrataSwitchCheaper  before_cheaper; /* A and B */
  StrataSwitchCheaper  after_cheaper;
} StrataSwitch;

typedef struct
{
  double                volume;
  StrataObjective       objective;
  const StrataStrategy *a;         /* NULL: the decision is the optimum */
  const StrataStrategy *b;
  guint                 n_layers;
  guint                *today;     /* optimal: the optimum at value (n_layers); else NULL */
  StrataSwitchCheaper   today_cheaper;
  GArray               *fields;    /* StrataSwitchField, every field examined, dataset order */
  GArray               *switches;  /* StrataSwitch, nearest to today first (|log ratio|) */
  GArray               *robust;    /* guint: indices into fields without a switch, dataset order */
  /* savings_npv (MODEL.md 8): the decision is the sign of the savings
   * of adopting a now against the horizon's start plan, b (A cheaper:
   * the savings are positive; B cheaper: negative; equal: zero within
   * rounding), and volume is the first year's. */
  gboolean              savings;
} StrataSwitchPoints;

/* Switch points at @volume (> 0) under @objective: of the optimum when @a
 * and @b are NULL, else of which of @a and @b is cheaper (optimal solved
 * again at every value).  Fields are examined in dataset order: the
 * dataset's boundary_cost, then each layer bottom first (its
 * boundary_cost when it has one, then its options' fields in the order
 * supplier_cost or price, margin, unit_cost, learning_rate,
 * reference_volume, floor_cost, fixed_cost, ecosystem_value, latency_ms,
 * those of the option's mode), then each link's saving.  Returns NULL and
 * sets @error (G_IO_ERROR_INVALID_ARGUMENT) for a bad volume or only one
 * of @a and @b. */
StrataSwitchPoints *strata_switch_points_find (const StrataDataset  *dataset,
                                               double                volume,
                                               StrataObjective       objective,
                                               const StrataStrategy *a,
                                               const StrataStrategy *b,
                                               GError              **error);
void                strata_switch_points_free (StrataSwitchPoints   *points);
/* A deep copy (its fields' sources still borrowed from the dataset). */
StrataSwitchPoints *strata_switch_points_copy (const StrataSwitchPoints *points);

/* Switch points of savings_npv (MODEL.md 8): what would have to be true
 * for adopting @strategy now to stop paying against the horizon's start
 * plan, or to start paying.  The decision is the sign of savings_npv
 * under @objective (the savings are positive when the plan's NPV of the
 * objective's cost is below the start plan's by more than rounding, 1e-12
 * of the two).  The fields are those of strata_switch_points_find (), each
 * option followed by its horizon fields (capex, build_years, exit_cost,
 * and with cumulative learning an integrated option's experience), then
 * horizon.discount_rate, horizon.volume.first and horizon.volume.growth
 * (a volume list has no rate to move).  Each within [value / 10, value x
 * 10] clamped to its rule (a fraction such as a margin or the discount
 * rate at most 1 - 1e-9, where the NPVs' rounding would drown the
 * savings; growth above -1), located
 * to 1e-9 relative; build_years is an integer, walked one year at a time
 * (kept where the option still runs within the horizon): its switch is
 * the first whole year at which the sign changes.  The strategy and the
 * start plan are resolved at the first year's volume at every value, as
 * strata_plan_adopt_now () does.  NULL with @error (G_IO_ERROR_INVALID_ARGUMENT)
 * when the dataset has no horizon or the strategy cannot be adopted now. */
StrataSwitchPoints *strata_switch_points_find_savings (const StrataDataset  *dataset,
                                                       StrataObjective       objective,
                                                       const StrataStrategy *strategy,
                                                       GError              **error);

/* The same as strata_switch_points_find () and
 * strata_switch_points_find_savings (), cancellable: @cancellable is
 * checked before every field and at every step of a field's walk, and a
 * cancelled search returns NULL with G_IO_ERROR_CANCELLED.  @progress
 * (nullable) is told the share of fields done, from the calling thread,
 * at most every 50 ms, and 1 at the end. */
StrataSwitchPoints *strata_switch_points_find_full         (const StrataDataset  *dataset,
                                                            double                volume,
                                                            StrataObjective       objective,
                                                            const StrataStrategy *a,
                                                            const StrataStrategy *b,
                                                            GCancellable         *cancellable,
                                                            StrataProgressFunc    progress,
                                                            gpointer              progress_data,
                                                            GError              **error);
StrataSwitchPoints *strata_switch_points_find_savings_full (const StrataDataset  *dataset,
                                                            StrataObjective       objective,
                                                            const StrataStrategy *strategy,
                                                            GCancellable         *cancellable,
                                                            StrataProgressFunc    progress,
                                                            gpointer              progress_data,
                                                            GError              **error);

/* The decision of @points at @value of field @field (others at value):
 * the optimum into @choices (n_layers), or which of A and B is cheaper
 * as the return value (STRATA_SWITCH_EQUAL for the optimum).  For tests
 * and for checking a switch from outside. */
StrataSwitchCheaper strata_switch_points_decide (const StrataDataset      *dataset,
                                                 const StrataSwitchPoints *points,
                                                 guint                     field,
                                                 double                    value,
                                                 guint                    *choices);

/* -- in words (strata-switchpoints-text.c): the one wording of the CLI's
 * table and the app's "What would have to be true" list -------------- */

/* A figure of field @field (its JSON key) in its unit: "$0.30",
 * "$3 B/yr", "18.0 %", "1 B", "12 ms". */
char *strata_switch_field_value        (const StrataDataset      *dataset,
                                        const char               *field,
                                        double                    value);
/* strata_switch_field_value () with as many more digits (up to four) as
 * keep @value from reading as a bound of the field's rule it is not: a
 * margin of 0.99993 is "99.993 %", never "100.0 %" (a margin stays below
 * 1), a share of 0.00004 "0.004 %", not "0.0 %". */
char *strata_switch_field_value_apart  (const StrataDataset      *dataset,
                                        const char               *field,
                                        double                    value);
/* @value and @other of field @field as strata_switch_field_value () says
 * them, with as many more digits as tell them apart when they differ
 * (up to four): a switch a hair from today's value reads "rises above
 * 29.84 % (today 29.81 %)", not "above 29.8 % (today 29.8 %)"; and as
 * strata_switch_field_value_apart (), neither reads as a bound it is
 * not. */
void  strata_switch_field_values       (const StrataDataset      *dataset,
                                        const char               *field,
                                        double                    value,
                                        double                    other,
                                        char                    **value_text,
                                        char                    **other_text);
/* The number in words: "the ecosystem value of Model marketplace", "the
 * boundary cost above Chips", "the co-design saving of Chips ↔ Models". */
char *strata_switch_field_subject      (const StrataDataset      *dataset,
                                        const StrataSwitchField  *field);
/* What changes beyond the switch: "The optimum integrates Platform
 * with Closed platform", "The optimum switches Chips to Merchant GPU and
 * buys Models from Third-party models", "All neutral turns cheaper than Optimal". */
char *strata_switch_change_text        (const StrataDataset      *dataset,
                                        const StrataSwitchPoints *points,
                                        const StrataSwitch       *sw);
/* The whole sentence: "The optimum integrates Platform with Closed
 * platform if the ecosystem value of Model marketplace falls below $0.086 (today
 * $0.30; range $0.10–$0.50)"; the range is the field's own low–high, when it is
 * uncertain. */
char *strata_switch_sentence           (const StrataDataset      *dataset,
                                        const StrataSwitchPoints *points,
                                        const StrataSwitch       *sw);
/* The texts of the sources of @field's option, layer or link joined by
 * "; ", or NULL when it names none. */
char *strata_switch_field_sources_text (const StrataDataset      *dataset,
                                        const StrataSwitchField  *field);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StrataSwitchPoints, strata_switch_points_free)

G_END_DECLS
