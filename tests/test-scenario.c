/* test-scenario.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * StrataScenario without a display: the state a new dataset opens on, one
 * history for flips and edits (undo restores the exact previous dataset
 * and choices), the saved mark, choices carried across edits by id, and
 * requests that outlive the scenario in another thread.
 */

#include "config.h"

#include <string.h>

#include "strata/strata-model.h"
#include "strata/strata-scenario.h"

static const char DOC[] =
  "{ \"format\": \"strata-stack/1\", \"title\": \"Scenario\", \"unit\": \"devices\",\n"
  "  \"currency\": \"USD\", \"volume\": { \"min\": 1000, \"max\": 1e9, \"default\": 1e6 },\n"
  "  \"layers\": [\n"
  "    { \"id\": \"chips\", \"name\": \"Chips\", \"options\": [\n"
  "        { \"id\": \"gpu\", \"name\": \"GPUs\", \"mode\": \"neutral\", \"supplier_cost\": 2, \"margin\": 0.6 },\n"
  "        { \"id\": \"asic\", \"name\": \"ASIC\", \"mode\": \"integrated\", \"unit_cost\": 3, \"fixed_cost\": 2e9 } ] },\n"
  "    { \"id\": \"models\", \"name\": \"Models\", \"options\": [\n"
  "        { \"id\": \"lab\", \"mode\": \"neutral\", \"price\": 5, \"margin\": 0.5 },\n"
  "        { \"id\": \"own\", \"mode\": \"integrated\", \"unit_cost\": 4 } ] }\n"
  "  ],\n"
  "  \"strategies\": [ { \"id\": \"mixed\", \"name\": \"Mixed\", \"choices\": { \"chips\": \"asic\", \"models\": \"lab\" } } ]\n"
  "}\n";

static StrataDataset *
load_doc (void)
{
  g_autoptr(GError) error = NULL;
  StrataDataset *ds = strata_dataset_load_data (DOC, strlen (DOC), "scenario.json", &error);

  g_assert_no_error (error);
  return ds;
}

static void
count_changed_cb (StrataScenario *scenario,
                  guint           what,
                  guint          *last)
{
  *last = what;
}

static void
test_open (void)
{
  g_autoptr(StrataDataset) ds = load_doc ();
  StrataScenario *scenario = strata_scenario_new ();
  guint what = 0;

  g_signal_connect (scenario, "changed", G_CALLBACK (count_changed_cb), &what);
  strata_scenario_set_dataset (scenario, ds);
  g_assert_true (what & STRATA_SCENARIO_CHANGED_DATASET);
  g_assert_true (strata_scenario_get_dataset (scenario) == ds);
  /* the dataset's own strategy, at the default volume */
  g_assert_cmpint (strata_scenario_get_strategy (scenario), ==, STRATA_N_PRESETS);
  g_assert_cmpstr (strata_scenario_get_current_strategy (scenario)->id, ==, "mixed");
  g_assert_cmpuint (strata_scenario_get_choices (scenario)[0], ==, 1);
  g_assert_cmpuint (strata_scenario_get_choices (scenario)[1], ==, 0);
  g_assert_cmpfloat (strata_scenario_get_volume (scenario), ==, 1e6);
  g_assert_false (strata_scenario_can_undo (scenario));
  g_assert_false (strata_scenario_get_modified (scenario));
  g_assert_null (strata_scenario_get_undo_label (scenario));
  g_assert_finalize_object (scenario);
}

static void
test_flips (void)
{
  g_autoptr(StrataDataset) ds = load_doc ();
  StrataScenario *scenario = strata_scenario_new ();
  guint what = 0;

  strata_scenario_set_dataset (scenario, ds);
  g_signal_connect (scenario, "changed", G_CALLBACK (count_changed_cb), &what);

  g_assert_true (strata_scenario_flip_layer (scenario, 1));
  g_assert_true (what & STRATA_SCENARIO_CHANGED_CHOICES);
  g_assert_cmpuint (strata_scenario_get_choices (scenario)[1], ==, 1);
  g_assert_cmpint (strata_scenario_get_strategy (scenario), ==, -1);
  g_assert_cmpstr (strata_scenario_get_undo_label (scenario), ==, "Switch Models to own");
  g_assert_false (strata_scenario_get_modified (scenario));

  strata_scenario_set_strategy (scenario, 0);  /* all-neutral */
  g_assert_cmpuint (strata_scenario_get_choices (scenario)[0], ==, 0);
  g_assert_cmpstr (strata_scenario_get_undo_label (scenario), ==, "Choose All neutral");

  strata_scenario_undo (scenario);
  g_assert_cmpint (strata_scenario_get_strategy (scenario), ==, -1);
  g_assert_cmpuint (strata_scenario_get_choices (scenario)[0], ==, 1);
  g_assert_cmpuint (strata_scenario_get_choices (scenario)[1], ==, 1);
  strata_scenario_undo (scenario);
  g_assert_cmpint (strata_scenario_get_strategy (scenario), ==, STRATA_N_PRESETS);
  g_assert_cmpuint (strata_scenario_get_choices (scenario)[1], ==, 0);
  g_assert_false (strata_scenario_can_undo (scenario));
  g_assert_cmpstr (strata_scenario_get_redo_label (scenario), ==, "Switch Models to own");
  strata_scenario_redo (scenario);
  g_assert_cmpuint (strata_scenario_get_choices (scenario)[1], ==, 1);

  /* volume and compared are not history */
  strata_scenario_set_volume (scenario, 5e6);
  g_assert_true (what == STRATA_SCENARIO_CHANGED_VOLUME);
  strata_scenario_set_compared (scenario, 1, FALSE);
  g_assert_false (strata_scenario_get_compared (scenario, 1));
  g_assert_cmpstr (strata_scenario_get_undo_label (scenario), ==, "Switch Models to own");
  g_assert_finalize_object (scenario);
}

static void
test_edits (void)
{
  g_autoptr(StrataDataset) ds = load_doc ();
  StrataScenario *scenario = strata_scenario_new ();
  g_autoptr(JsonNode) value = json_node_init_double (json_node_alloc (), 3.5e9);
  g_autoptr(JsonNode) bad = json_node_init_double (json_node_alloc (), -1);
  g_autoptr(GError) error = NULL;
  StrataDataset *edited;

  strata_scenario_set_dataset (scenario, ds);
  g_assert_true (strata_scenario_flip_layer (scenario, 1));

  g_assert_true (strata_scenario_set_field (scenario, "layers.chips.options.asic.fixed_cost", value, &error));
  g_assert_no_error (error);
  edited = strata_scenario_get_dataset (scenario);
  g_assert_true (edited != ds);
  g_assert_cmpfloat (edited->layers[0].options[1].fixed_cost.value, ==, 3.5e9);
  g_assert_cmpstr (strata_scenario_get_undo_label (scenario), ==, "Change ASIC Fixed Cost");
  g_assert_true (strata_scenario_get_modified (scenario));
  /* the choices survive the edit */
  g_assert_cmpuint (strata_scenario_get_choices (scenario)[1], ==, 1);

  /* a refused edit changes nothing, history included */
  g_assert_false (strata_scenario_set_field (scenario, "layers.chips.options.asic.fixed_cost", bad, &error));
  g_assert_error (error, STRATA_EDIT_ERROR, STRATA_EDIT_ERROR_INVALID_VALUE);
  g_assert_true (strata_scenario_get_dataset (scenario) == edited);
  g_assert_cmpstr (strata_scenario_get_undo_label (scenario), ==, "Change ASIC Fixed Cost");

  /* one history: undo the edit, then the flip; the exact old dataset */
  strata_scenario_undo (scenario);
  g_assert_true (strata_scenario_get_dataset (scenario) == ds);
  g_assert_false (strata_scenario_get_modified (scenario));
  g_assert_cmpuint (strata_scenario_get_choices (scenario)[1], ==, 1);
  strata_scenario_undo (scenario);
  g_assert_cmpuint (strata_scenario_get_choices (scenario)[1], ==, 0);
  strata_scenario_redo (scenario);
  strata_scenario_redo (scenario);
  g_assert_true (strata_scenario_get_dataset (scenario) == edited);
  g_assert_true (strata_scenario_get_modified (scenario));

  strata_scenario_mark_saved (scenario);
  g_assert_false (strata_scenario_get_modified (scenario));
  strata_scenario_undo (scenario);
  g_assert_true (strata_scenario_get_modified (scenario));
  g_assert_finalize_object (scenario);
}

/* A structural edit carries choices, the strategy and the compared set
 * over by id. */
static void
test_structure_by_id (void)
{
  g_autoptr(StrataDataset) ds = load_doc ();
  StrataScenario *scenario = strata_scenario_new ();
  g_autoptr(StrataDraft) draft = NULL;
  g_autoptr(GError) error = NULL;
  StrataDataset *edited;

  strata_scenario_set_dataset (scenario, ds);
  strata_scenario_set_option (scenario, 1, 1);   /* models: own */
  draft = strata_draft_new (ds);
  g_assert_true (strata_draft_add_layer (draft, 0, "power", "Power", &error));
  g_assert_true (strata_draft_move_option (draft, "models", "own", 0, &error));
  g_assert_true (strata_scenario_apply_draft (scenario, draft, "Add Layer", &error));
  g_assert_no_error (error);
  edited = strata_scenario_get_dataset (scenario);
  g_assert_cmpuint (edited->n_layers, ==, 3);
  g_assert_cmpuint (strata_scenario_get_choices (scenario)[0], ==, 0);
  g_assert_cmpuint (strata_scenario_get_choices (scenario)[1], ==, 1);  /* chips: asic */
  g_assert_cmpuint (strata_scenario_get_choices (scenario)[2], ==, 0);  /* models: own, moved first */
  g_assert_cmpstr (edited->layers[2].options[0].id, ==, "own");
  g_assert_cmpint (strata_scenario_get_strategy (scenario), ==, -1);
  strata_scenario_undo (scenario);
  g_assert_true (strata_scenario_get_dataset (scenario) == ds);
  g_assert_cmpuint (strata_scenario_get_choices (scenario)[1], ==, 1);
  g_assert_finalize_object (scenario);
}

static gpointer
read_request (gpointer data)
{
  StrataScenarioRequest *request = data;
  double cost = 0;

  for (guint i = 0; i < request->n_strategies; i++)
    cost += strata_strategy_effective_cost (request->dataset, request->strategies[i], request->volume);
  strata_scenario_request_unref (request);
  return g_memdup2 (&cost, sizeof cost);
}

static void
test_request (void)
{
  g_autoptr(StrataDataset) ds = load_doc ();
  StrataScenario *scenario = strata_scenario_new ();
  g_autoptr(StrataScenarioRequest) request = NULL;
  g_autoptr(GThread) thread = NULL;
  g_autofree double *cost = NULL;
  double expected = 0;

  strata_scenario_set_dataset (scenario, ds);
  g_assert_true (strata_scenario_flip_layer (scenario, 0));
  request = strata_scenario_dup_request (scenario);
  g_assert_cmpint (request->strategy, ==, -1);
  g_assert_true (request->strategies[0] == &request->custom);
  g_assert_cmpuint (request->custom.choices[0], ==, 0);
  g_assert_cmpuint (request->n_strategies, ==, 1 + 4);
  for (guint i = 0; i < request->n_strategies; i++)
    expected += strata_strategy_effective_cost (ds, request->strategies[i], 1e6);

  /* the request is a snapshot: later changes do not reach it */
  g_assert_true (strata_scenario_flip_layer (scenario, 0));
  g_assert_cmpuint (request->custom.choices[0], ==, 0);
  g_assert_cmpfloat (request->volume, ==, 1e6);

  /* and it outlives the scenario, in another thread */
  g_assert_finalize_object (scenario);
  thread = g_thread_new ("request", read_request, strata_scenario_request_ref (request));
  cost = g_thread_join (g_steal_pointer (&thread));
  g_assert_cmpfloat (*cost, ==, expected);
}

static void
on_changed_cb (StrataScenario *scenario,
               guint           what,
               gpointer        user_data)
{
  *(guint *) user_data |= what;
}

static const char *
layer_choice (StrataScenario *scenario,
              const char     *layer)
{
  StrataDataset *ds = strata_scenario_get_dataset (scenario);

  for (guint l = 0; l < ds->n_layers; l++)
    if (g_str_equal (ds->layers[l].id, layer))
      return ds->layers[l].options[strata_scenario_get_choices (scenario)[l]].id;
  g_assert_not_reached ();
}

/* The objective (MODEL.md 3): the optimal strategy is solved for it; it
 * reaches the request and stays out of the history.  On the AI cloud
 * stack at 10 B, cash cost picks the closed platform, effective cost the
 * open marketplace (its ecosystem value). */
static void
test_objective (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("STRATA_SOURCE_ROOT"), "data", "datasets",
                                            "ai-cloud-stack.strata.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataDataset) ds = strata_dataset_load_file (path, &error);
  g_autoptr(StrataScenarioRequest) request = NULL;
  StrataScenario *scenario = strata_scenario_new ();
  const StrataStrategy *optimal;
  guint what = 0;

  g_assert_no_error (error);
  g_assert_cmpint (strata_scenario_get_objective (scenario), ==, STRATA_OBJECTIVE_EFFECTIVE);
  strata_scenario_set_dataset (scenario, ds);
  optimal = strata_dataset_find_strategy (ds, STRATA_STRATEGY_OPTIMAL);
  strata_scenario_set_strategy (scenario, (int) (optimal - ds->strategies));
  strata_scenario_set_volume (scenario, 10e9);
  g_assert_cmpstr (layer_choice (scenario, "platform"), ==, "model-marketplace");
  g_assert_true (strata_scenario_can_undo (scenario));
  strata_scenario_undo (scenario);
  g_assert_false (strata_scenario_can_undo (scenario));
  g_assert_true (strata_scenario_can_redo (scenario));
  strata_scenario_redo (scenario);

  g_signal_connect (scenario, "changed", G_CALLBACK (on_changed_cb), &what);
  strata_scenario_set_objective (scenario, STRATA_OBJECTIVE_CASH);
  g_assert_cmpuint (what, ==, STRATA_SCENARIO_CHANGED_OBJECTIVE | STRATA_SCENARIO_CHANGED_CHOICES);
  g_assert_cmpstr (layer_choice (scenario, "platform"), ==, "closed-platform");
  request = strata_scenario_dup_request (scenario);
  g_assert_cmpint (request->objective, ==, STRATA_OBJECTIVE_CASH);

  /* Not a step of the history: one undo still goes back to the start. */
  strata_scenario_undo (scenario);
  g_assert_false (strata_scenario_can_undo (scenario));
  g_assert_cmpint (strata_scenario_get_objective (scenario), ==, STRATA_OBJECTIVE_CASH);

  /* The same objective again changes nothing. */
  what = 0;
  strata_scenario_set_objective (scenario, STRATA_OBJECTIVE_CASH);
  g_assert_cmpuint (what, ==, 0);
  g_assert_finalize_object (scenario);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/strata/scenario/open", test_open);
  g_test_add_func ("/strata/scenario/flips", test_flips);
  g_test_add_func ("/strata/scenario/edits", test_edits);
  g_test_add_func ("/strata/scenario/structure-by-id", test_structure_by_id);
  g_test_add_func ("/strata/scenario/request", test_request);
  g_test_add_func ("/strata/scenario/objective", test_objective);

  return g_test_run ();
}
