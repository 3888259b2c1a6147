/* test-savings-npv.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * savings_npv as the outcome of the tornado and of the switch points
 * (MODEL.md sections 6 and 8): a hand-worked case whose swings and
 * switches are solved on paper; on every sample, the base equal to
 * strata_plan_adopt_now ()'s figure, every switch checked from outside,
 * the savings zero at each switch, and a dense scan of every field
 * (whole years for build_years) that must find no change the search
 * missed; `strata-cli switchpoints --outcome savings_npv` and
 * `export --outcome savings_npv` against the same figures, and the
 * charts' labels and action titles against the model.
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include <strata/strata-export.h>
#include <strata/strata-format.h>
#include <strata/strata-horizon.h>
#include <strata/strata-switchpoints.h>
#include <strata/strata-uncertainty.h>

#include "strata-test-cli.h"
#include "strata-test-dataset.h"

/* One layer over two years: today a neutral option at a price of 1 a
 * unit; adopting the integrated one (0.5 a unit, capex 5e8 paid in year
 * 0, build 0 years) leaves the neutral one at an exit cost of 1e8, in
 * year 0.  V_0 = 1e9, growth g = 0.1, discount d = 0.1, so year 1's
 * discounted volume is 1e9 x 1.1 / 1.1 = 1e9 too.
 *
 *   savings_npv = (p - u) V (1 + (1 + g) / (1 + d)) - capex - exit_cost
 *               = 0.5 x 1e9 x 2 - 5e8 - 1e8 = 4e8
 *
 * It turns negative (each number alone):
 *   capex above 9e8                       (ratio 1.8)
 *   exit_cost above 5e8                   (ratio 5)
 *   unit_cost above 1 - 6e8 / 2e9 = 0.7   (ratio 1.4)
 *   price below 0.5 + 0.3 = 0.8           (ratio 0.8)
 *   volume.first below 6e8                (ratio 0.6)
 * and never for the growth (it would take g = -0.78, below 0.01) nor the
 * discount rate (d = 4.5, above 1).
 *
 * Tornado: unit_cost 0.4 .. 0.6 gives 6e8 .. 2e8; capex 3e8 .. 1e9 gives
 * 6e8 .. -1e8; the growth 0 .. 0.2 gives 5e8 (1 + 1 / 1.1) - 6e8 ..
 * 5e8 (1 + 1.2 / 1.1) - 6e8; the discount rate 0.05 .. 0.15 gives
 * 5e8 (1 + 1.1 / 1.05) - 6e8 .. 5e8 (1 + 1.1 / 1.15) - 6e8. */
static const char hand_json[] =
  "{ \"format\": \"strata-stack/1\", \"title\": \"Hand\", \"unit\": \"unit\","
  "  \"currency\": \"USD\", \"volume\": { \"min\": 1e6, \"max\": 1e10, \"default\": 1e9 },"
  "  \"layers\": [ { \"id\": \"l\", \"options\": ["
  "    { \"id\": \"n\", \"mode\": \"neutral\", \"price\": 1, \"margin\": 0.2,"
  "      \"exit_cost\": 1e8, \"latency_ms\": { \"value\": 5, \"low\": 2, \"high\": 9 } },"
  "    { \"id\": \"i\", \"mode\": \"integrated\","
  "      \"unit_cost\": { \"value\": 0.5, \"low\": 0.4, \"high\": 0.6 },"
  "      \"capex\": { \"value\": 5e8, \"low\": 3e8, \"high\": 1e9 },"
  "      \"exit_cost\": { \"value\": 2e8, \"low\": 1e8, \"high\": 4e8 } } ] } ],"
  "  \"horizon\": { \"first_year\": 2026, \"years\": 2,"
  "    \"discount_rate\": { \"value\": 0.1, \"low\": 0.05, \"high\": 0.15 },"
  "    \"volume\": { \"first\": 1e9, \"growth\": { \"value\": 0.1, \"low\": 0, \"high\": 0.2 } },"
  "    \"start\": \"all-neutral\" } }";

static StrataDataset *
load_text (const char *text)
{
  g_autoptr(GError) error = NULL;
  StrataDataset *dataset = strata_dataset_load_data (text, strlen (text), "test", &error);

  g_assert_no_error (error);
  return dataset;
}

static double
adopt_savings (const StrataDataset  *ds,
               const StrataStrategy *strategy,
               StrataObjective       objective)
{
  g_autoptr(StrataPlanResult) plan =
    strata_plan_adopt_now (ds, strategy, objective == STRATA_OBJECTIVE_CASH ? STRATA_HORIZON_CASH
                                                                            : STRATA_HORIZON_EFFECTIVE,
                           NULL);

  g_assert_nonnull (plan);
  return plan->savings_npv;
}

static const StrataTornadoEntry *
entry_of (GArray     *entries,
          const char *path)
{
  for (guint i = 0; i < entries->len; i++)
    if (g_str_equal (g_array_index (entries, StrataTornadoEntry, i).number.path, path))
      return &g_array_index (entries, StrataTornadoEntry, i);
  g_assert_not_reached ();
}

static void
assert_close (double x,
              double y)
{
  g_assert_cmpfloat (fabs (x - y), <=, 1e-9 * MAX (fabs (y), 1.0));
}

static void
test_tornado_hand (void)
{
  g_autoptr(StrataDataset) ds = load_text (hand_json);
  StrataTornadoParams params = { STRATA_TORNADO_SAVINGS,
                                 strata_dataset_find_strategy (ds, "all-integrated"),
                                 NULL, NULL, 0, STRATA_OBJECTIVE_EFFECTIVE };
  g_autoptr(GArray) t = strata_tornado_full (ds, &params);
  const StrataTornadoEntry *e;

  g_assert_nonnull (t);
  /* unit_cost, latency_ms, capex, exit_cost of i, discount rate, growth. */
  g_assert_cmpuint (t->len, ==, 6);
  e = &g_array_index (t, StrataTornadoEntry, 0);
  assert_close (e->base, 4e8);
  g_assert_cmpfloat (e->base, ==, adopt_savings (ds, params.strategy, params.objective));

  /* Sorted by swing: capex (7e8), unit_cost (4e8), then the rates. */
  g_assert_cmpstr (e->number.path, ==, "layers[0].options[1].capex");
  assert_close (e->outcome_low, 6e8);
  assert_close (e->outcome_high, -1e8);
  e = &g_array_index (t, StrataTornadoEntry, 1);
  g_assert_cmpstr (e->number.path, ==, "layers[0].options[1].unit_cost");
  assert_close (e->outcome_low, 6e8);
  assert_close (e->outcome_high, 2e8);

  e = entry_of (t, "horizon.volume.growth");
  g_assert_cmpint (e->number.kind, ==, STRATA_UNCERTAIN_HORIZON);
  g_assert_cmpstr (e->number.label, ==, "Horizon: volume.growth");
  assert_close (e->outcome_low, 5e8 * (1 + 1 / 1.1) - 6e8);
  assert_close (e->outcome_high, 5e8 * (1 + 1.2 / 1.1) - 6e8);
  g_assert_cmpint (e->reason, ==, STRATA_TORNADO_MOVES);
  e = entry_of (t, "horizon.discount_rate");
  assert_close (e->outcome_low, 5e8 * (1 + 1.1 / 1.05) - 6e8);
  assert_close (e->outcome_high, 5e8 * (1 + 1.1 / 1.15) - 6e8);

  /* What moves nothing, and exactly why. */
  e = entry_of (t, "layers[0].options[0].latency_ms");
  g_assert_cmpint (e->reason, ==, STRATA_TORNADO_LATENCY_ONLY);
  e = entry_of (t, "layers[0].options[1].exit_cost");
  g_assert_cmpfloat (e->swing, ==, 0);
  g_assert_cmpint (e->reason, ==, STRATA_TORNADO_NOT_SWITCHED);

  /* Adopting what runs today saves nothing, whatever the rates. */
  params.strategy = strata_dataset_find_strategy (ds, "all-neutral");
  {
    g_autoptr(GArray) same = strata_tornado_full (ds, &params);

    e = entry_of (same, "horizon.discount_rate");
    g_assert_cmpfloat (e->base, ==, 0);
    g_assert_cmpint (e->reason, ==, STRATA_TORNADO_SAME_IN_BOTH);
    e = entry_of (same, "layers[0].options[1].capex");
    g_assert_cmpint (e->reason, ==, STRATA_TORNADO_NOT_SWITCHED);
    e = entry_of (same, "layers[0].options[1].unit_cost");
    g_assert_cmpint (e->reason, ==, STRATA_TORNADO_NOT_CHOSEN);
  }
}

static void
test_tornado_refused (void)
{
  g_autoptr(StrataDataset) ds = load_text (hand_json);
  g_autoptr(StrataDataset) flat = load_text (hand_json);
  StrataTornadoParams params = { STRATA_TORNADO_SAVINGS, NULL, NULL, NULL, 0,
                                 STRATA_OBJECTIVE_EFFECTIVE };
  StrataTornadoOutcome outcome;

  /* No strategy; no horizon. */
  g_assert_null (strata_tornado_full (ds, &params));
  g_clear_pointer (&flat->horizon, strata_horizon_free);
  params.strategy = &flat->strategies[0];
  g_assert_null (strata_tornado_full (flat, &params));

  g_assert_true (strata_tornado_outcome_from_string ("savings_npv", &outcome));
  g_assert_cmpint (outcome, ==, STRATA_TORNADO_SAVINGS);
  g_assert_cmpstr (strata_tornado_outcome_key (outcome, STRATA_OBJECTIVE_CASH), ==, "savings_npv");
  g_assert_cmpstr (strata_tornado_outcome_key (STRATA_TORNADO_COST, STRATA_OBJECTIVE_CASH), ==,
                   "unit_cost");
  g_assert_false (strata_tornado_outcome_from_string ("savings", &outcome));
}

static int
field_index (const StrataSwitchPoints *points,
             const char               *path)
{
  for (guint i = 0; i < points->fields->len; i++)
    if (g_str_equal (g_array_index (points->fields, StrataSwitchField, i).path, path))
      return (int) i;
  return -1;
}

static const StrataSwitchField *
field_of (const StrataSwitchPoints *points,
          const char               *path)
{
  int i = field_index (points, path);

  g_assert_cmpint (i, >=, 0);
  return &g_array_index (points->fields, StrataSwitchField, i);
}

static StrataSwitchPoints *
find_savings (const StrataDataset  *ds,
              StrataObjective       objective,
              const StrataStrategy *strategy)
{
  g_autoptr(GError) error = NULL;
  StrataSwitchPoints *points = strata_switch_points_find_savings (ds, objective, strategy, &error);

  g_assert_no_error (error);
  g_assert_nonnull (points);
  g_assert_true (points->savings);
  return points;
}

static void
test_switch_hand (void)
{
  g_autoptr(StrataDataset) ds = load_text (hand_json);
  const StrataStrategy *integrated = strata_dataset_find_strategy (ds, "all-integrated");
  g_autoptr(StrataSwitchPoints) points = find_savings (ds, STRATA_OBJECTIVE_EFFECTIVE, integrated);
  const char *paths[] = { "layers.l.options.n.price", "layers.l.options.i.unit_cost",
                          "horizon.volume.first", "layers.l.options.i.capex",
                          "layers.l.options.n.exit_cost" };
  const double expect[] = { 0.8, 0.7, 6e8, 9e8, 5e8 };

  g_assert_cmpint (points->today_cheaper, ==, STRATA_SWITCH_A_CHEAPER);
  g_assert_cmpstr (points->b->id, ==, "all-neutral");
  g_assert_cmpfloat (points->volume, ==, 1e9);
  g_assert_cmpuint (points->switches->len, ==, 5);
  for (guint k = 0; k < 5; k++)
    {
      const StrataSwitch *sw = &g_array_index (points->switches, StrataSwitch, k);
      const StrataSwitchField *f = &g_array_index (points->fields, StrataSwitchField, sw->field);

      /* Nearest to today first (|log ratio|): 0.8, 1.4, 0.6, 1.8, 5. */
      g_assert_cmpstr (f->path, ==, paths[k]);
      g_assert_cmpfloat (fabs (sw->at / expect[k] - 1), <=, 1e-9);
      g_assert_cmpint (sw->before_cheaper, ==, STRATA_SWITCH_A_CHEAPER);
      g_assert_cmpint (sw->after_cheaper, ==, STRATA_SWITCH_B_CHEAPER);
    }
  /* capex's switch (9e8) lies in its own 3e8 .. 1e9; unit_cost's not. */
  g_assert_true (g_array_index (points->switches, StrataSwitch, 3).within_uncertainty);
  g_assert_false (g_array_index (points->switches, StrataSwitch, 1).within_uncertainty);

  g_assert_cmpint (field_of (points, "horizon.volume.growth")->reason, ==, STRATA_SWITCH_HOLDS);
  g_assert_cmpint (field_of (points, "horizon.discount_rate")->reason, ==, STRATA_SWITCH_HOLDS);
  g_assert_cmpfloat (field_of (points, "horizon.discount_rate")->range_high, <, 1);
  g_assert_cmpint (field_of (points, "layers.l.options.i.build_years")->reason, ==,
                   STRATA_SWITCH_ZERO);
  g_assert_cmpint (field_of (points, "layers.l.options.i.exit_cost")->reason, ==,
                   STRATA_SWITCH_NOT_SWITCHED);
  g_assert_cmpint (field_of (points, "layers.l.options.n.margin")->reason, ==,
                   STRATA_SWITCH_MARGIN_ONLY);
  g_assert_cmpint (field_of (points, "layers.l.options.n.latency_ms")->reason, ==,
                   STRATA_SWITCH_LATENCY_ONLY);
  /* Annual learning: no experience to move. */
  g_assert_cmpint (field_index (points, "layers.l.options.i.experience"), ==, -1);
  g_assert_cmpuint (points->robust->len + 5, ==, points->fields->len);
}

/* The number a field names in @ds (a loaded copy, writable here), or
 * NULL for build_years (whole years: see @whole). */
static double *
field_slot (StrataDataset           *ds,
            const StrataSwitchField *f,
            guint                  **whole)
{
  StrataOption *option;

  *whole = NULL;
  switch (f->kind)
    {
    case STRATA_SWITCH_FIELD_BOUNDARY:
      return &ds->boundary_cost;
    case STRATA_SWITCH_FIELD_LAYER_BOUNDARY:
      return &ds->layers[f->layer].boundary_cost;
    case STRATA_SWITCH_FIELD_LINK:
      return &ds->links[f->link].saving.value;
    case STRATA_SWITCH_FIELD_HORIZON:
      if (g_str_equal (f->field, "discount_rate"))
        return &ds->horizon->discount_rate.value;
      if (g_str_equal (f->field, "volume.first"))
        return &ds->horizon->volume_first.value;
      return &ds->horizon->volume_growth.value;
    case STRATA_SWITCH_FIELD_OPTION:
    default:
      break;
    }
  option = &ds->layers[f->layer].options[f->option];
  if (g_str_equal (f->field, "build_years"))
    {
      *whole = &option->build_years;
      return NULL;
    }
  if (g_str_equal (f->field, "experience")) return &option->experience;
  if (g_str_equal (f->field, "supplier_cost")) return &option->supplier_cost.value;
  if (g_str_equal (f->field, "price")) return &option->price.value;
  if (g_str_equal (f->field, "margin")) return &option->margin.value;
  if (g_str_equal (f->field, "unit_cost")) return &option->unit_cost.value;
  if (g_str_equal (f->field, "learning_rate")) return &option->learning_rate.value;
  if (g_str_equal (f->field, "reference_volume")) return &option->reference_volume.value;
  if (g_str_equal (f->field, "floor_cost")) return &option->floor_cost.value;
  if (g_str_equal (f->field, "fixed_cost")) return &option->fixed_cost.value;
  if (g_str_equal (f->field, "ecosystem_value")) return &option->ecosystem_value.value;
  if (g_str_equal (f->field, "latency_ms")) return &option->latency_ms.value;
  if (g_str_equal (f->field, "capex")) return &option->capex.value;
  if (g_str_equal (f->field, "exit_cost")) return &option->exit_cost.value;
  g_assert_not_reached ();
}

static int
decision_at (const StrataDataset      *ds,
             const StrataSwitchPoints *points,
             guint                     i,
             double                    value)
{
  return (int) strata_switch_points_decide (ds, points, i, value, NULL);
}

/* The NPVs of adopting A now and of the start plan at @value of @f,
 * from outside the search: the field set on @ds itself. */
static void
npvs_at (StrataDataset            *ds,
         const StrataSwitchPoints *points,
         const StrataSwitchField  *f,
         double                    value,
         double                   *adopt,
         double                   *start)
{
  StrataHorizonObjective objective = points->objective == STRATA_OBJECTIVE_CASH
                                     ? STRATA_HORIZON_CASH : STRATA_HORIZON_EFFECTIVE;
  guint *whole;
  double *slot = field_slot (ds, f, &whole), keep = slot != NULL ? *slot : *whole;
  g_autoptr(StrataPlanResult) plan = NULL;
  g_autoptr(StrataPlanResult) never = NULL;

  if (slot != NULL)
    *slot = value;
  else
    *whole = (guint) value;
  plan = strata_plan_adopt_now (ds, points->a, objective, NULL);
  never = strata_plan_start (ds, objective);
  *adopt = plan != NULL ? plan->npv_cost : NAN;
  if (plan != NULL && objective == STRATA_HORIZON_EFFECTIVE)
    *adopt = plan->npv_effective_cost;
  *start = objective == STRATA_HORIZON_EFFECTIVE ? never->npv_effective_cost : never->npv_cost;
  if (slot != NULL)
    *slot = keep;
  else
    *whole = (guint) keep;
}

/* Every switch from outside: the decision just on today's side is
 * "before", just beyond it "after", and the two NPVs meet at it. */
static void
check_switches (StrataDataset            *ds,
                const StrataSwitchPoints *points)
{
  for (guint k = 0; k < points->switches->len; k++)
    {
      const StrataSwitch *sw = &g_array_index (points->switches, StrataSwitch, k);
      const StrataSwitchField *f = &g_array_index (points->fields, StrataSwitchField, sw->field);
      gboolean whole = g_str_equal (f->field, "build_years");
      gboolean up = fabs (sw->at) > fabs (sw->value);
      double toward = whole ? sw->at + (sw->at > sw->value ? -1 : 1) : sw->at * (up ? 1 - 1e-8 : 1 + 1e-8);
      double beyond = whole ? sw->at : sw->at * (up ? 1 + 1e-8 : 1 - 1e-8);
      gboolean crowded = FALSE;

      g_assert_cmpint (sw->before_cheaper, !=, sw->after_cheaper);
      g_assert_cmpfloat (sw->at, >=, f->range_low);
      g_assert_cmpfloat (sw->at, <=, f->range_high);
      for (guint j = 0; j < points->switches->len; j++)
        {
          const StrataSwitch *other = &g_array_index (points->switches, StrataSwitch, j);

          crowded |= j != k && other->field == sw->field && fabs (other->at / sw->at - 1) < 3e-8;
        }
      if (crowded || beyond > f->range_high || beyond < f->range_low)
        continue;
      g_assert_cmpint (decision_at (ds, points, sw->field, toward), ==, sw->before_cheaper);
      g_assert_cmpint (decision_at (ds, points, sw->field, beyond), ==, sw->after_cheaper);
      if (!whole && points->a->choices != NULL && points->b->choices != NULL)
        {
          double adopt, start;

          /* savings_npv crosses zero there.  (Where a computed strategy,
           * the optimum at the first year's volume, is adopted, the plan
           * itself may change there: a jump, not a crossing.) */
          npvs_at (ds, points, f, sw->at, &adopt, &start);
          g_assert_cmpfloat (fabs (adopt - start), <=, 1e-6 * (fabs (adopt) + fabs (start)));
        }
    }
}

/* A dense scan of field @i (every whole year for build_years): each
 * change between neighbours has a switch reported between them. */
static guint
dense_scan (const StrataDataset      *ds,
            const StrataSwitchPoints *points,
            guint                     i)
{
  const StrataSwitchField *f = &g_array_index (points->fields, StrataSwitchField, i);
  gboolean whole = g_str_equal (f->field, "build_years");
  guint n = whole ? (guint) (f->range_high - f->range_low) : 200, changes = 0;
  double x_prev = 0;
  int prev = 0;

  if (f->reason != STRATA_SWITCH_HAS_SWITCH && f->reason != STRATA_SWITCH_HOLDS)
    return 0;
  if (f->range_low == f->range_high)
    return 0;
  for (guint k = 0; k <= n; k++)
    {
      double x = whole ? f->range_low + k
                       : k == n ? f->range_high
                       : f->range_low < 0 ? -(-f->range_low * pow (f->range_high / f->range_low, (double) k / n))
                       : f->range_low * pow (f->range_high / f->range_low, (double) k / n);
      int d = decision_at (ds, points, i, x);

      if (k > 0 && d != prev)
        {
          gboolean seen = FALSE;
          double lo = MIN (x_prev, x), hi = MAX (x_prev, x);

          for (guint j = 0; j < points->switches->len; j++)
            {
              const StrataSwitch *sw = &g_array_index (points->switches, StrataSwitch, j);

              seen |= sw->field == i && sw->at >= lo - 1e-9 * fabs (lo) && sw->at <= hi + 1e-9 * fabs (hi);
            }
          g_assert_true (seen);
          changes++;
        }
      prev = d;
      x_prev = x;
    }
  if (f->reason != STRATA_SWITCH_HAS_SWITCH)
    g_assert_cmpuint (changes, ==, 0);
  return changes;
}

static void
test_switch_samples (void)
{
  g_autoptr(GPtrArray) files = test_sample_files ();
  guint total = 0, scanned = 0;

  for (guint i = 0; i < files->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(StrataDataset) ds = strata_dataset_load_file (files->pdata[i], &error);

      g_assert_no_error (error);
      if (ds->horizon == NULL)
        continue;
      for (guint s = 0; s < ds->n_strategies; s++)
        {
          const StrataStrategy *st = &ds->strategies[s];
          StrataObjective objective = s % 2 == 0 ? STRATA_OBJECTIVE_EFFECTIVE : STRATA_OBJECTIVE_CASH;
          g_autoptr(StrataSwitchPoints) points = NULL;
          double adopt, start;

          points = strata_switch_points_find_savings (ds, objective, st, &error);
          if (points == NULL)
            {
              /* Only when an option could not run within the horizon. */
              g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
              g_assert_nonnull (strstr (error->message, "cannot be adopted now"));
              g_clear_error (&error);
              continue;
            }
          /* Today's decision is the sign of roadmap's savings_npv. */
          npvs_at (ds, points, &g_array_index (points->fields, StrataSwitchField, 0),
                   g_array_index (points->fields, StrataSwitchField, 0).value, &adopt, &start);
          if (fabs (adopt - start) > 1e-9 * (fabs (adopt) + fabs (start)))
            g_assert_cmpint (points->today_cheaper, ==,
                             adopt_savings (ds, st, objective) > 0 ? STRATA_SWITCH_A_CHEAPER
                                                                   : STRATA_SWITCH_B_CHEAPER);
          check_switches (ds, points);
          total += points->switches->len;
          /* The dense scan on the fields that switch, and a few that hold. */
          for (guint k = 0; k < points->fields->len; k++)
            {
              const StrataSwitchField *f = &g_array_index (points->fields, StrataSwitchField, k);

              if (f->reason == STRATA_SWITCH_HAS_SWITCH || k % 7 == 0 || f->kind == STRATA_SWITCH_FIELD_HORIZON)
                {
                  dense_scan (ds, points, k);
                  scanned++;
                }
            }
        }
    }
  g_assert_cmpuint (total, >, 0);
  g_assert_cmpuint (scanned, >, 0);
}

static void
test_switch_refused (void)
{
  g_autoptr(StrataDataset) ds = load_text (hand_json);
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&ds->horizon, strata_horizon_free);
  g_assert_null (strata_switch_points_find_savings (ds, STRATA_OBJECTIVE_EFFECTIVE,
                                                    &ds->strategies[0], &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "no horizon"));
}

/* The hand case in a file of its own (removed by the caller). */
static char *
hand_file (void)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("savings-npv-XXXXXX.strata.json", &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, hand_json, -1, &error));
  return path;
}

static void
test_cli_switchpoints (void)
{
  g_autofree char *file = hand_file ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(Run) run;
  g_auto(Run) table;
  g_auto(Run) bad;
  JsonObject *root, *decision, *first;
  JsonArray *switches;

  run_cli (&run, "switchpoints", file, "--outcome", "savings_npv", "--strategy", "all-integrated",
           "--format", "json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "outcome"), ==, "savings_npv");
  decision = json_object_get_object_member (root, "decision");
  g_assert_cmpstr (json_object_get_string_member (decision, "adopt"), ==, "all-integrated");
  g_assert_cmpstr (json_object_get_string_member (decision, "start"), ==, "all-neutral");
  g_assert_cmpstr (json_object_get_string_member (decision, "today"), ==, "positive");
  switches = json_object_get_array_member (root, "switches");
  g_assert_cmpuint (json_array_get_length (switches), ==, 5);
  first = json_array_get_object_element (switches, 0);
  /* The hand case: the price turns the savings negative below 0.8. */
  g_assert_cmpstr (json_object_get_string_member (first, "path"), ==, "layers.l.options.n.price");
  g_assert_cmpfloat (fabs (json_object_get_double_member (first, "switch") / 0.8 - 1), <=, 1e-9);
  g_assert_cmpstr (json_object_get_string_member (first, "before"), ==, "positive");
  g_assert_cmpstr (json_object_get_string_member (first, "after"), ==, "negative");

  run_cli (&table, "switchpoints", file, "--outcome", "savings_npv", "--strategy", "all-integrated",
           NULL);
  g_assert_cmpint (table.status, ==, 0);
  g_assert_nonnull (strstr (table.out, "Adopting All integrated now stops paying (savings_npv below 0)"));
  g_assert_nonnull (strstr (table.out, "horizon.volume.growth"));

  /* Usage: no --volume with savings_npv (exit 2). */
  run_cli (&bad, "switchpoints", file, "--outcome", "savings_npv", "--volume", "1e9", NULL);
  g_assert_cmpint (bad.status, ==, 2);
  g_assert_nonnull (strstr (bad.err, "--volume does not apply to savings_npv"));
  g_unlink (file);
}

static void
test_cli_no_horizon (void)
{
  g_autofree char *file = NULL;
  g_autofree char *png = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Run) sw;
  g_auto(Run) chart;
  const char *flat = strstr (hand_json, "\"horizon\"");
  g_autofree char *head = g_strndup (hand_json, (gsize) (flat - hand_json));
  g_autofree char *text = g_strconcat (head, "\"x\": 1 }", NULL);
  int fd = g_file_open_tmp ("flat-XXXXXX.strata.json", &file, &error);

  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (file, text, -1, &error));
  png = g_strconcat (file, ".png", NULL);

  run_cli (&sw, "switchpoints", file, "--outcome", "savings_npv", NULL);
  g_assert_cmpint (sw.status, ==, 1);
  g_assert_nonnull (strstr (sw.err, "no horizon"));
  run_cli (&chart, "export", file, "--chart", "tornado", "--outcome", "savings_npv", "-o", png, NULL);
  g_assert_cmpint (chart.status, ==, 1);
  g_assert_nonnull (strstr (chart.err, "no horizon"));
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
  g_unlink (file);
}

/* The text box of @boxes whose text starts with @prefix, or NULL. */
static const StrataChartTextBox *
box_starting (GArray     *boxes,
              const char *prefix)
{
  for (guint i = 0; i < boxes->len; i++)
    if (g_str_has_prefix (g_array_index (boxes, StrataChartTextBox, i).text, prefix))
      return &g_array_index (boxes, StrataChartTextBox, i);
  return NULL;
}

/* The charts and the CSV say what the model says: the base and the
 * axis's name in the tornado, the first switch in the switch points. */
static void
test_charts (void)
{
  g_autofree char *path = test_sample_path ("ai-cloud-stack.strata.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataDataset) ds = strata_dataset_load_file (path, &error);
  const StrataStrategy *hybrid = strata_dataset_find_strategy (ds, "amazon-hybrid");
  const StrataStrategy *list[] = { hybrid };
  StrataChartRequest request = { ds, list, 1, 0, ds->volume_default, STRATA_THEME_LIGHT };
  double savings = adopt_savings (ds, hybrid, STRATA_OBJECTIVE_EFFECTIVE);
  g_autofree char *money = strata_format_money_si (savings, ds->currency);
  g_autofree char *base = g_strdup_printf ("base %s", money);
  g_autoptr(StrataSwitchPoints) points = find_savings (ds, STRATA_OBJECTIVE_EFFECTIVE, hybrid);
  const StrataSwitch *nearest = &g_array_index (points->switches, StrataSwitch, 0);
  g_autoptr(GArray) tornado = NULL;
  g_autoptr(GArray) switches = NULL;
  g_autofree char *title = NULL;
  g_autofree char *csv = NULL;
  const StrataChartTextBox *box;

  g_assert_no_error (error);
  request.outcome = STRATA_TORNADO_SAVINGS;
  tornado = strata_chart_layout_text_boxes (STRATA_CHART_TORNADO, &request, 1280, 720);
  g_assert_nonnull (box_starting (tornado, base));
  g_assert_nonnull (box_starting (tornado, "Tornado: savings_npv of adopting Amazon-style hybrid now"));
  g_assert_nonnull (box_starting (tornado, "Savings NPV, savings_npv (USD"));
  title = strata_chart_action_title (STRATA_CHART_TORNADO, &request);
  g_assert_nonnull (strstr (title, "moves the savings of adopting Amazon-style hybrid now most"));

  switches = strata_chart_layout_text_boxes (STRATA_CHART_SWITCHPOINTS, &request, 1280, 720);
  box = NULL;
  for (guint i = 0; i < switches->len; i++)
    if (g_strcmp0 (g_array_index (switches, StrataChartTextBox, i).key, "switchpoints:switch") == 0)
      {
        box = &g_array_index (switches, StrataChartTextBox, i);
        break;
      }
  g_assert_nonnull (box);
  g_assert_cmpfloat (box->value, ==, nearest->at);
  g_assert_nonnull (strstr (box->text, nearest->after_cheaper == STRATA_SWITCH_B_CHEAPER
                                       ? "(savings_npv below 0)" : "savings_npv"));
  g_clear_pointer (&title, g_free);
  title = strata_chart_action_title (STRATA_CHART_SWITCHPOINTS, &request);
  g_assert_true (g_str_has_prefix (title, "Adopting Amazon-style hybrid now "));

  csv = strata_chart_data_csv (STRATA_CHART_TORNADO, &request);
  g_assert_nonnull (strstr (csv, "savings_npv at low (USD)"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/savings-npv/tornado-hand", test_tornado_hand);
  g_test_add_func ("/savings-npv/tornado-refused", test_tornado_refused);
  g_test_add_func ("/savings-npv/switch-hand", test_switch_hand);
  g_test_add_func ("/savings-npv/switch-samples", test_switch_samples);
  g_test_add_func ("/savings-npv/switch-refused", test_switch_refused);
  g_test_add_func ("/savings-npv/cli-switchpoints", test_cli_switchpoints);
  g_test_add_func ("/savings-npv/cli-no-horizon", test_cli_no_horizon);
  g_test_add_func ("/savings-npv/charts", test_charts);
  return g_test_run ();
}
