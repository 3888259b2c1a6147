/* strata-file-private.h
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* strata_file_read() without the file name in the message, that also says whether the refusal was the size cap
 * (the loader reports that as a limit). */
gboolean _strata_file_read_full (const char  *filename,
                                 gsize        max_size,
                                 char       **contents,
                                 gsize       *length,
                                 gboolean    *too_large,
                                 GError     **error);

G_END_DECLS
