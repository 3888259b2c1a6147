/* strata-save.h
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "strata/strata-dataset.h"

G_BEGIN_DECLS

/*
 * Writing a dataset back as "strata-stack/1" JSON.
 *
 * A dataset that was loaded keeps the JSON tree it came from
 * (StrataDataset.document), and that tree is what is written: every key
 * where it was, in the file's order, unknown keys included, nothing added
 * and nothing left out.  Only the layout is Strata's own: two-space
 * indents, an object's members one per line, a list of plain values on
 * one line, and every number in the shortest form that reads back to the
 * same double (never JsonGenerator's "1e+18.0").  So a file saved once and
 * saved again is byte-identical, and an edit (strata-edit.h) changes only
 * the lines of the values it changed.
 *
 * A dataset built by hand (no document) is written field by field in the
 * order of MODEL.md section 2, then its unknown keys (the `extra`
 * objects); defaults are left out where they equal what the loader would
 * fill in (a name equal to the id, a zero fixed cost, reference_volume
 * equal to volume.min), and a strategy's choices are written for every
 * layer.  The presets are never written.
 */

/* Writes any JSON value in the layout above, ending in a newline. */
char     *strata_json_to_text       (JsonNode             *root);

/* Returns the dataset as pretty-printed JSON text ending in a newline. */
char     *strata_dataset_to_json    (const StrataDataset  *dataset);

/* Writes strata_dataset_to_json() to @filename through strata_file_write()
 * (atomic and durable; a symlink and the file's mode survive). */
gboolean  strata_dataset_save_file  (const StrataDataset  *dataset,
                                     const char           *filename,
                                     GError              **error);

G_END_DECLS
