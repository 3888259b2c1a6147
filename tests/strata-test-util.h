/* strata-test-util.h
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <strata/strata-model.h>

G_BEGIN_DECLS

/*
 * Building datasets by hand through the public struct, the way the loader
 * fills it, for the model tests.  Layers and options are appended; call
 * strata_dataset_finish() (or test_dataset_finish()) once at the end.
 */

StrataNumber   test_number               (double          value);

StrataDataset *test_dataset_new          (double          volume_min,
                                          double          volume_max,
                                          double          boundary_cost);
void           test_dataset_set_price    (StrataDataset  *dataset,
                                          double          price);

/* Returns the index of the new layer. */
guint          test_add_layer            (StrataDataset  *dataset,
                                          const char     *id);
void           test_layer_set_boundary   (StrataDataset  *dataset,
                                          guint           layer,
                                          double          boundary_cost);

/* Return the index of the new option in its layer.  fixed_cost and
 * ecosystem_value default to 0; set them with test_option (). */
guint          test_add_neutral          (StrataDataset  *dataset,
                                          guint           layer,
                                          const char     *id,
                                          double          supplier_cost,
                                          double          margin);
guint          test_add_neutral_price    (StrataDataset  *dataset,
                                          guint           layer,
                                          const char     *id,
                                          double          price,
                                          double          margin);
/* reference_volume <= 0 leaves it unset (defaults to volume.min). */
guint          test_add_integrated       (StrataDataset  *dataset,
                                          guint           layer,
                                          const char     *id,
                                          double          unit_cost,
                                          double          learning_rate,
                                          double          reference_volume,
                                          double          floor_cost);
StrataOption  *test_option               (StrataDataset  *dataset,
                                          guint           layer,
                                          guint           option);

void           test_add_link             (StrataDataset  *dataset,
                                          guint           from,
                                          guint           to,
                                          double          saving);

/* @spec like "chips=asic,models=thirdparty"; a layer left out takes its
 * first option, as the loader does.  Aborts on an unknown id. */
void           test_add_strategy         (StrataDataset  *dataset,
                                          const char     *id,
                                          const char     *spec);

/* A random dataset (1..max_layers layers, 1..max_options options, mixed
 * modes, random links incl. cycles, boundary costs, floors, learning
 * rates, ecosystem values and some deliberate ties); finished. */
StrataDataset *test_random_dataset       (GRand          *rand,
                                          guint           max_layers,
                                          guint           max_options);

/* A generated dataset for the long-work tests and the benchmarks:
 * @n_layers x @n_options, modes alternating from a random start, prices,
 * learning curves, floors, fixed costs and some ecosystem value over
 * volumes 1e6 to 1e12 (test_add_generated_layers ()), and links between
 * @n_linked evenly spaced layers; finished.  With @constant, costs that do
 * not depend on volume (no learning curve, no fixed cost). */
StrataDataset  *test_generated_dataset    (guint32              seed,
                                           guint                n_layers,
                                           guint                n_options,
                                           guint                n_linked,
                                           gboolean             constant);
/* Dense links: @n_layers layers over volumes 1e3 to 1e9 with interfaces
 * costing @boundary, each with an own option ("own": a learning curve
 * and a fixed cost) and one or two bought ones ("buy", "buy2") of similar
 * cost, the second on every layer (@second_buy 1), every other layer (2)
 * or none (0); @n_linked evenly spaced layers each linked to every other
 * both ways, savings from a tenth of @most_saving to @most_saving.  The
 * shape where the optimizer's search over the linked layers' modes is a
 * real search; finished. */
StrataDataset  *test_dense_links_dataset  (GRand               *rand,
                                           guint                n_layers,
                                           guint                n_linked,
                                           double               boundary,
                                           guint                second_buy,
                                           double               most_saving);
/* The layers of test_generated_dataset (), drawn from @rand, appended to
 * @dataset (not finished). */
void            test_add_generated_layers (StrataDataset       *dataset,
                                           GRand               *rand,
                                           guint                n_layers,
                                           guint                n_options,
                                           gboolean             constant);

/* The magnitude of the terms of a strategy's effective unit cost. */
double          test_cost_magnitude       (const StrataDataset *dataset,
                                          const guint         *choices,
                                          double               volume);

/* The test oracle: every combination, the section 5 tie rule.  Returns the
 * best effective unit cost and fills @choices_out. */
double         test_brute_force          (const StrataDataset *dataset,
                                          double               volume,
                                          guint               *choices_out);

guint          test_count_integrated     (const StrataDataset *dataset,
                                          const guint         *choices);

G_END_DECLS
