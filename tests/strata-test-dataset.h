/* strata-test-dataset.h
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <strata/strata-dataset.h>

G_BEGIN_DECLS

/*
 * Comparing datasets and JSON trees, and finding the dataset files the
 * save and edit tests run over.
 */

/* Every field of @a and @b is equal (the presets and unknown keys too). */
void     test_assert_dataset_equal (const StrataDataset *a,
                                    const StrataDataset *b);

/* @a and @b hold the same JSON with the members of every object in the
 * same order (numbers compared by value: 6 and 6.0 are the same). */
void     test_assert_json_same     (JsonNode            *a,
                                    JsonNode            *b);

/* JsonParser's tree of @text (a valid JSON document). */
JsonNode *test_parse_json          (const char          *text);

/* The paths of the *.json files in @folder, sorted (never empty: the
 * test fails when the folder holds none). */
GPtrArray *test_dataset_files      (const char          *folder);

/* The sample datasets (STRATA_SOURCE_ROOT/data/datasets). */
GPtrArray *test_sample_files       (void);

G_END_DECLS
