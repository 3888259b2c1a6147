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

/* How strata_file_write_full() writes. */
typedef enum
{
  /* Atomic: the target is the old file or the new one, never a part of
   * either (a temporary file renamed over it). */
  STRATA_FILE_WRITE_ATOMIC  = 0,
  /* And durable: the file and the rename are flushed to the disk before
   * it returns (two fsync calls; a dataset, the user's work). */
  STRATA_FILE_WRITE_DURABLE = 1 << 0,
} StrataFileWriteFlags;

/* strata_file_write() with @flags.  An exported chart or table is
 * written STRATA_FILE_WRITE_ATOMIC: it is worked out again from its
 * dataset, and the two flushes cost more than drawing a small chart
 * (0.3 to 9 ms here), which no other chart tool spends (issue 15).  The
 * kernel writes it back in its own time; ext4 (auto_da_alloc) flushes a
 * file renamed over another anyway. */
gboolean strata_file_write_full (const char            *filename,
                                 const char            *contents,
                                 gsize                  length,
                                 StrataFileWriteFlags   flags,
                                 GError               **error);

/* TRUE when @a and @b both exist and are the same file (through links,
 * hard links, "./" and the like). */
gboolean strata_file_is_same  (const char  *a,
                               const char  *b);

G_END_DECLS
