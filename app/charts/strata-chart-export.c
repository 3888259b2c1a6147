/* strata-chart-export.c: PNG, SVG and PDF files, written atomically
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <gio/gio.h>

#include <glib/gi18n-lib.h>

#include "strata/strata-export.h"
#include "strata/strata-file.h"

#include "strata-chart-private.h"

gboolean
strata_chart_check_size (StrataExportFormat   format,
                         int                  width,
                         int                  height,
                         double               scale,
                         GError             **error)
{
  const char *unit = format == STRATA_EXPORT_PDF ? _("points") : _("pixels");

  if (width < STRATA_CHART_MIN_SIZE || width > STRATA_CHART_MAX_SIZE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("width %d is out of range: it must be between %d and %d %s"),
                   width, STRATA_CHART_MIN_SIZE, STRATA_CHART_MAX_SIZE, unit);
      return FALSE;
    }
  if (height < STRATA_CHART_MIN_SIZE || height > STRATA_CHART_MAX_SIZE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("height %d is out of range: it must be between %d and %d %s"),
                   height, STRATA_CHART_MIN_SIZE, STRATA_CHART_MAX_SIZE, unit);
      return FALSE;
    }
  if (!isfinite (scale) || scale < STRATA_CHART_MIN_SCALE || scale > STRATA_CHART_MAX_SCALE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("scale %g is out of range: it must be between %g and %g"),
                   scale, STRATA_CHART_MIN_SCALE, STRATA_CHART_MAX_SCALE);
      return FALSE;
    }
  if (format == STRATA_EXPORT_PNG)
    {
      double pw = ceil (width * scale - 1e-9);
      double ph = ceil (height * scale - 1e-9);

      if (pw < 1 || ph < 1 || pw > 32767 || ph > 32767 || pw * ph > STRATA_CHART_MAX_PIXELS)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("%.0fx%.0f pixels is too large for a PNG: at most %d million pixels"),
                       pw, ph, STRATA_CHART_MAX_PIXELS / (1024 * 1024));
          return FALSE;
        }
    }
  return TRUE;
}

cairo_status_t
_strata_chart_append_to_bytes (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
check_cairo (cairo_status_t   status,
             const char      *what,
             GError         **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               _("could not draw the %s: %s"), what, cairo_status_to_string (status));
  return FALSE;
}

void
strata_export_options_init (StrataExportOptions *options,
                            StrataExportFormat   format,
                            StrataTheme          theme)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->format = format;
  options->width = 1920;
  options->height = 1080;
  options->scale = 1.0;
  options->svg_text = STRATA_SVG_TEXT_ELEMENTS;
  options->source_line = TRUE;
  options->action_title = theme == STRATA_THEME_SLIDE;
}

static cairo_surface_t *
create_surface (const StrataChartRequest  *request,
                const StrataExportOptions *options,
                GByteArray                *bytes,
                GError                   **error)
{
  cairo_surface_t *surface = NULL;

  switch (options->format)
    {
    case STRATA_EXPORT_PNG:
      surface = _strata_png_surface_new ((int) ceil (options->width * options->scale - 1e-9),
                                         (int) ceil (options->height * options->scale - 1e-9));
      cairo_surface_set_device_scale (surface, options->scale, options->scale);
      break;
    case STRATA_EXPORT_SVG:
      surface = cairo_svg_surface_create_for_stream (_strata_chart_append_to_bytes, bytes, options->width, options->height);
      /* Pixels: a 1920-wide chart is 1920 px on a slide, not 2560. */
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
      break;
    case STRATA_EXPORT_PDF:
      surface = cairo_pdf_surface_create_for_stream (_strata_chart_append_to_bytes, bytes, options->width, options->height);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Strata");
      if (request->dataset != NULL && request->dataset->title != NULL)
        {
          g_autofree char *title = _strata_chart_cut (request->dataset->title, 200);

          cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
        }
      break;
    default:
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("unknown export format"));
      return NULL;
    }

  if (!check_cairo (cairo_surface_status (surface), "chart surface", error))
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  return surface;
}

typedef struct
{
  StrataChartKind            kind;
  const StrataChartRequest  *request;
  const StrataExportOptions *options;
} ChartPage;

static void
draw_chart_page (gpointer  data,
                 cairo_t  *cr,
                 double    width,
                 double    height)
{
  ChartPage *page = data;

  _strata_chart_draw_page (page->kind, page->request, page->options, cr, width, height);
}

static GByteArray *
render (StrataChartKind            kind,
        const StrataChartRequest  *request,
        const StrataExportOptions *options,
        GError                   **error)
{
  ChartPage page = { kind, request, options };

  return _strata_chart_render_with (draw_chart_page, &page, request, options,
                                    strata_chart_kind_to_string (kind), error);
}

/* Renders what @draw draws into memory; returns the bytes of the file. */
GByteArray *
_strata_chart_render_with (StrataPageDrawFunc         draw,
                           gpointer                   data,
                           const StrataChartRequest  *request,
                           const StrataExportOptions *options,
                           const char                *what,
                           GError                   **error)
{
  g_autoptr(GByteArray) bytes = NULL;
  g_autoptr(GString) svg_text = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  if (!strata_chart_check_size (options->format, options->width, options->height, options->scale, error))
    return NULL;

  bytes = g_byte_array_sized_new (options->format == STRATA_EXPORT_PNG ? 256 * 1024 : 64 * 1024);
  surface = create_surface (request, options, bytes, error);
  if (surface == NULL)
    return NULL;

  cr = cairo_create (surface);
  if (options->format == STRATA_EXPORT_SVG && options->svg_text == STRATA_SVG_TEXT_ELEMENTS)
    {
      svg_text = g_string_sized_new (16 * 1024);
      cairo_set_user_data (cr, &_strata_svg_text_key, svg_text, NULL);
    }
  /* A file is drawn once: it reads the costs the app's memo already has
   * but builds no tables for them (strata-cost-memo.c). */
  _strata_cost_memo_one_shot_begin ();
  draw (data, cr, options->width, options->height);
  _strata_cost_memo_one_shot_end ();
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (status == CAIRO_STATUS_SUCCESS && options->format == STRATA_EXPORT_PNG)
    {
      if (_strata_png_use_cairo ())
        status = cairo_surface_write_to_png_stream (surface, _strata_chart_append_to_bytes, bytes);
      else if (!_strata_png_encode (surface, bytes, error))
        {
          cairo_surface_destroy (surface);
          return NULL;
        }
    }
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (!check_cairo (status, what != NULL ? what : "chart", error))
    return NULL;
  if (options->format == STRATA_EXPORT_SVG)
    _strata_svg_flatten_clips (bytes);
  if (svg_text != NULL && !_strata_svg_insert_text (bytes, svg_text))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("could not add the text to the SVG"));
      return NULL;
    }
  return g_steal_pointer (&bytes);
}

GBytes *
strata_chart_render (StrataChartKind            kind,
                     const StrataChartRequest  *request,
                     const StrataExportOptions *options,
                     GError                   **error)
{
  GByteArray *bytes;

  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bytes = render (kind, request, options, error);
  return bytes != NULL ? g_byte_array_free_to_bytes (bytes) : NULL;
}

gboolean
strata_chart_export_full (StrataChartKind            kind,
                          const StrataChartRequest  *request,
                          const StrataExportOptions *options,
                          const char                *filename,
                          GError                   **error)
{
  g_autoptr(GByteArray) bytes = NULL;

  g_return_val_if_fail (request != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (filename != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  bytes = render (kind, request, options, error);
  if (bytes == NULL)
    return FALSE;
  return strata_file_write_full (filename, (const char *) bytes->data, bytes->len,
                                 STRATA_FILE_WRITE_ATOMIC, error);
}

/* The default options of @format at a size. */
static void
sized_options (StrataExportOptions *options,
               StrataExportFormat   format,
               StrataTheme          theme,
               int                  width,
               int                  height,
               double               scale)
{
  strata_export_options_init (options, format, theme);
  options->width = width;
  options->height = height;
  options->scale = scale;
}

gboolean
strata_chart_export (StrataChartKind            kind,
                     const StrataChartRequest  *request,
                     StrataExportFormat         format,
                     int                        width,
                     int                        height,
                     double                     scale,
                     const char                *filename,
                     GError                   **error)
{
  StrataExportOptions options;

  g_return_val_if_fail (request != NULL, FALSE);

  sized_options (&options, format, request->theme, width, height, scale);
  return strata_chart_export_full (kind, request, &options, filename, error);
}

GBytes *
strata_chart_render_png (StrataChartKind            kind,
                         const StrataChartRequest  *request,
                         int                        width,
                         int                        height,
                         double                     scale,
                         GError                   **error)
{
  StrataExportOptions options;

  g_return_val_if_fail (request != NULL, NULL);

  sized_options (&options, STRATA_EXPORT_PNG, request->theme, width, height, scale);
  return strata_chart_render (kind, request, &options, error);
}
