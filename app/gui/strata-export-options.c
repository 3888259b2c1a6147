/* strata-export-options.c: the export dialog's settings, kept for the next export
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-window"

#include "config.h"

#include <string.h>

#include "strata-window-export-private.h"

/*
 * What the export dialog remembers between exports (format, size, scale,
 * theme, transparency in GSettings), and how it becomes the charts
 * library's StrataExportOptions: what strata-cli export takes as flags.
 */

void
_strata_export_settings_load (StrataExportSettings *export_settings,
                              GSettings            *settings)
{
  g_autofree char *format = NULL;
  g_autofree char *theme = NULL;
  StrataExportOptions defaults;

  /* The charts library's defaults, as strata-cli export has them. */
  strata_export_options_init (&defaults, STRATA_EXPORT_PNG, STRATA_THEME_LIGHT);
  memset (export_settings, 0, sizeof *export_settings);
  export_settings->format = defaults.format;
  export_settings->width = defaults.width;
  export_settings->height = defaults.height;
  export_settings->scale = defaults.scale;
  export_settings->theme = STRATA_THEME_LIGHT;
  export_settings->transparent = FALSE;
  export_settings->action_title = defaults.action_title;

  if (settings == NULL)
    return;

  format = g_settings_get_string (settings, "export-format");
  theme = g_settings_get_string (settings, "export-theme");
  if (!strata_export_format_from_string (format, &export_settings->format))
    export_settings->format = STRATA_EXPORT_PNG;
  if (!strata_theme_from_string (theme, &export_settings->theme))
    export_settings->theme = STRATA_THEME_LIGHT;
  export_settings->width = CLAMP (g_settings_get_int (settings, "export-width"),
                                  STRATA_CHART_MIN_SIZE, STRATA_CHART_MAX_SIZE);
  export_settings->height = CLAMP (g_settings_get_int (settings, "export-height"),
                                   STRATA_CHART_MIN_SIZE, STRATA_CHART_MAX_SIZE);
  export_settings->scale = CLAMP (g_settings_get_double (settings, "export-scale"), 1.0, 2.0);
  export_settings->transparent = g_settings_get_boolean (settings, "export-transparent");
  /* The slide theme's headline, as strata-cli export gives it. */
  export_settings->action_title = export_settings->theme == STRATA_THEME_SLIDE;
}

void
_strata_export_settings_save (const StrataExportSettings *export_settings,
                              GSettings                  *settings)
{
  if (settings == NULL)
    return;

  g_settings_set_string (settings, "export-format", strata_export_format_to_string (export_settings->format));
  g_settings_set_string (settings, "export-theme", strata_theme_to_string (export_settings->theme));
  g_settings_set_int (settings, "export-width", export_settings->width);
  g_settings_set_int (settings, "export-height", export_settings->height);
  g_settings_set_double (settings, "export-scale", export_settings->scale);
  g_settings_set_boolean (settings, "export-transparent", export_settings->transparent);
}

void
_strata_export_settings_copy (const StrataExportSettings *src,
                              StrataExportSettings       *dest)
{
  *dest = *src;
  dest->title = g_strdup (src->title);
}

void
_strata_export_settings_clear (StrataExportSettings *export_settings)
{
  g_clear_pointer (&export_settings->title, g_free);
}

void
_strata_export_settings_to_options (const StrataExportSettings *export_settings,
                                    StrataExportOptions        *options)
{
  strata_export_options_init (options, export_settings->format, export_settings->theme);
  options->width = export_settings->width;
  options->height = export_settings->height;
  options->scale = export_settings->scale;
  options->action_title = export_settings->action_title;
  options->title = export_settings->action_title ? export_settings->title : NULL;
}
