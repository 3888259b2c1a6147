/* strata-application.h
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "strata-session.h"

G_BEGIN_DECLS

#define STRATA_TYPE_APPLICATION (strata_application_get_type ())

G_DECLARE_FINAL_TYPE (StrataApplication, strata_application, STRATA, APPLICATION, AdwApplication)

/* The sample opened on first start and in every new window. */
#define STRATA_DEFAULT_SAMPLE "ai-cloud-stack"

StrataApplication *strata_application_new          (void);
/* (nullable): the shared settings, NULL when the schema is not installed. */
GSettings         *strata_application_get_settings (StrataApplication *self);
GtkWindow         *strata_application_new_window   (StrataApplication *self);
/* Loading, Open Recent, the last folder, the file reopened at start. */
StrataSession     *strata_application_get_session  (StrataApplication *self);

G_END_DECLS
