/* strata-chart-export.c: PNG, SVG and PDF files, written atomically
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <gio/gio.h>

#include "strata/strata-file.h"

#include "strata-chart-private.h"

gboolean
strata_chart_check_size (StrataExportFormat   format,
                         int                  width,
                         int                  height,
                         double               scale,
                         GError             **error)
{
  const char *unit = format == STRATA_EXPORT_PNG ? "pixels" : "points";

  if (width < STRATA_CHART_MIN_SIZE || width > STRATA_CHART_MAX_SIZE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "width %d is out of range: it must be between %d and %d %s",
                   width, STRATA_CHART_MIN_SIZE, STRATA_CHART_MAX_SIZE, unit);
      return FALSE;
    }
  if (height < STRATA_CHART_MIN_SIZE || height > STRATA_CHART_MAX_SIZE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "height %d is out of range: it must be between %d and %d %s",
                   height, STRATA_CHART_MIN_SIZE, STRATA_CHART_MAX_SIZE, unit);
      return FALSE;
    }
  if (!isfinite (scale) || scale < STRATA_CHART_MIN_SCALE || scale > STRATA_CHART_MAX_SCALE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "scale %g is out of range: it must be between %g and %g",
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
                       "%.0fx%.0f pixels is too large for a PNG: at most %d million pixels",
                       pw, ph, STRATA_CHART_MAX_PIXELS / (1024 * 1024));
          return FALSE;
        }
    }
  return TRUE;
}

static cairo_status_t
append_to_bytes (void                *closure,
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
               "could not draw the %s: %s", what, cairo_status_to_string (status));
  return FALSE;
}

/* Renders into memory in @format; returns the bytes of the file. */
static GByteArray *
render (StrataChartKind            kind,
        const StrataChartRequest  *request,
        StrataExportFormat         format,
        int                        width,
        int                        height,
        double                     scale,
        GError                   **error)
{
  g_autoptr(GByteArray) bytes = NULL;
  cairo_surface_t *surface = NULL;
  cairo_status_t status;
  cairo_t *cr;

  if (!strata_chart_check_size (format, width, height, scale, error))
    return NULL;

  bytes = g_byte_array_sized_new (format == STRATA_EXPORT_PNG ? 256 * 1024 : 64 * 1024);

  switch (format)
    {
    case STRATA_EXPORT_PNG:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                            (int) ceil (width * scale - 1e-9),
                                            (int) ceil (height * scale - 1e-9));
      cairo_surface_set_device_scale (surface, scale, scale);
      break;
    case STRATA_EXPORT_SVG:
      surface = cairo_svg_surface_create_for_stream (append_to_bytes, bytes, width, height);
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PT);
      break;
    case STRATA_EXPORT_PDF:
      surface = cairo_pdf_surface_create_for_stream (append_to_bytes, bytes, width, height);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Strata");
      if (request->dataset != NULL && request->dataset->title != NULL)
        {
          g_autofree char *title = _strata_chart_cut (request->dataset->title, 200);

          cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
        }
      break;
    default:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "unknown export format");
      return NULL;
    }

  if (!check_cairo (cairo_surface_status (surface), "chart surface", error))
    {
      cairo_surface_destroy (surface);
      return NULL;
    }

  cr = cairo_create (surface);
  strata_chart_draw (kind, request, cr, width, height);
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (status == CAIRO_STATUS_SUCCESS && format == STRATA_EXPORT_PNG)
    {
      if (_strata_png_use_cairo ())
        status = cairo_surface_write_to_png_stream (surface, append_to_bytes, bytes);
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

  if (!check_cairo (status, strata_chart_kind_to_string (kind) ?: "chart", error))
    return NULL;
  return g_steal_pointer (&bytes);
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
  g_autoptr(GByteArray) bytes = NULL;

  g_return_val_if_fail (request != NULL, FALSE);
  g_return_val_if_fail (filename != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  bytes = render (kind, request, format, width, height, scale, error);
  if (bytes == NULL)
    return FALSE;
  return strata_file_write (filename, (const char *) bytes->data, bytes->len, error);
}

GBytes *
strata_chart_render_png (StrataChartKind            kind,
                         const StrataChartRequest  *request,
                         int                        width,
                         int                        height,
                         double                     scale,
                         GError                   **error)
{
  GByteArray *bytes;

  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bytes = render (kind, request, STRATA_EXPORT_PNG, width, height, scale, error);
  if (bytes == NULL)
    return NULL;
  return g_byte_array_free_to_bytes (bytes);
}
