/* strata-window.h
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "strata-application.h"

G_BEGIN_DECLS

#define STRATA_TYPE_WINDOW (strata_window_get_type ())

G_DECLARE_FINAL_TYPE (StrataWindow, strata_window, STRATA, WINDOW, AdwApplicationWindow)

StrataWindow *strata_window_new          (StrataApplication *application);
void          strata_window_open         (StrataWindow      *self,
                                          GFile             *file);
void          strata_window_open_sample  (StrataWindow      *self,
                                          const char        *name);
gboolean      strata_window_set_view     (StrataWindow      *self,
                                          const char        *view);

G_END_DECLS
