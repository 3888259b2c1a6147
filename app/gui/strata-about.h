/* strata-about.h
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Shows the About dialog over @window (nullable): AdwAboutDialog from
 * libadwaita 1.5, AdwAboutWindow before. */
void strata_about_present (GtkWindow *window);

G_END_DECLS
