/* strata-session.h: what the app keeps between windows and starts
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "strata/strata-model.h"

G_BEGIN_DECLS

#define STRATA_TYPE_SESSION (strata_session_get_type ())

G_DECLARE_FINAL_TYPE (StrataSession, strata_session, STRATA, SESSION, GObject)

/* At most this many files in Open Recent. */
#define STRATA_SESSION_MAX_RECENT 10

/* @settings (nullable): where the recent files, the last folder and the
 * file being reopened are kept; without it nothing is kept. */
StrataSession *strata_session_new                (GSettings            *settings);
GSettings     *strata_session_get_settings       (StrataSession        *self);

/* Open Recent, newest first ("recent-changed" when it changes). */
char         **strata_session_dup_recent         (StrataSession        *self);
void           strata_session_add_recent         (StrataSession        *self,
                                                  const char           *path);
void           strata_session_remove_recent      (StrataSession        *self,
                                                  const char           *path);
/* Fills @menu with a win.open-recent item per recent file (or a
 * "No Recent Files" item). */
void           strata_session_fill_recent_menu   (StrataSession        *self,
                                                  GMenu                *menu);

/* (nullable) The folder of the last file opened or written, if it still
 * exists. */
GFile         *strata_session_dup_last_folder    (StrataSession        *self);
void           strata_session_remember_folder    (StrataSession        *self,
                                                  const char           *path);

/* Loads the dataset at @path in a worker thread.  Finishing a load that
 * worked puts @path at the top of Open Recent and remembers its folder;
 * one that failed (not cancelled) takes @path out of Open Recent. */
void           strata_session_load_async         (StrataSession        *self,
                                                  const char           *path,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
StrataDataset *strata_session_load_finish        (StrataSession        *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
/* The bundled sample @name ("ai-cloud-stack"); @display_name (out)
 * (optional) is its file name.  The error's message is what to show. */
StrataDataset *strata_session_load_sample        (StrataSession        *self,
                                                  const char           *name,
                                                  char                **display_name,
                                                  GError              **error);

/* At start: the last file to reopen, or NULL (none, or the sample).  It
 * is marked as being opened until a few seconds have passed, so that a
 * start that dies on it does not reopen it again: then this returns NULL
 * and sets @refused to that file (and clears the mark). */
char          *strata_session_begin_reopen       (StrataSession        *self,
                                                  char                **refused);

G_END_DECLS
