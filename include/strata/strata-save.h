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
 * Every known field is written in the order of MODEL.md section 2, then
 * the unknown keys the loader kept (the `extra` objects), so a file loaded
 * and saved keeps what this version of Strata does not understand.
 * Numbers are written in the shortest form that reads back to the same
 * double (never JsonGenerator's "1e+18.0").  Defaults are left out where
 * they equal what the loader would fill in (a name equal to the id, a zero
 * fixed cost, reference_volume equal to volume.min), and a strategy's
 * choices are written for every layer.  The presets are not written.
 */

/* Returns the dataset as pretty-printed JSON text ending in a newline. */
char     *strata_dataset_to_json    (const StrataDataset  *dataset);

/* Writes strata_dataset_to_json() to @filename through strata_file_write()
 * (atomic and durable; a symlink and the file's mode survive). */
gboolean  strata_dataset_save_file  (const StrataDataset  *dataset,
                                     const char           *filename,
                                     GError              **error);

G_END_DECLS
