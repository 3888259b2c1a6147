/* strata-file.h
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Every file Strata reads or writes goes through these two helpers.
 */

/* Largest dataset file Strata reads. */
#define STRATA_MAX_FILE_SIZE (16 * 1024 * 1024)

/* Reads a whole regular file, refusing directories, FIFOs, devices,
 * unreadable paths and files larger than @max_size before reading a byte
 * (a FIFO never blocks).  Errors are in the G_FILE_ERROR domain with a
 * message that names the file and the reason. */
gboolean strata_file_read     (const char  *filename,
                               gsize        max_size,
                               char       **contents,
                               gsize       *length,
                               GError     **error);

/* Writes @contents atomically and durably: a temporary file in the same
 * folder, fsync, rename over the target, fsync of the folder.  A symlink is
 * resolved and its target replaced (the link survives), and an existing
 * file keeps its owner (where permitted) and permission bits, less the
 * setuid and setgid bits.  On failure the old file is untouched and
 * no temporary file is left behind. */
gboolean strata_file_write    (const char  *filename,
                               const char  *contents,
                               gsize        length,
                               GError     **error);

/* TRUE when @a and @b both exist and are the same file (through links,
 * hard links, "./" and the like). */
gboolean strata_file_is_same  (const char  *a,
                               const char  *b);

G_END_DECLS
