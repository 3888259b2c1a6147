/* strata-test-files.h: files the tests make and remove
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Removes @path and, if it is a folder, everything under it (a folder a
 * test made read-only is made writable first; links are removed, not
 * followed).  A path that does not exist is no error. */
void test_remove_tree (const char *path);

G_END_DECLS
