/* strata-chart-png.c: PNG files from cairo image surfaces, with libdeflate
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * cairo_surface_write_to_png() spends most of its time in libpng's filter
 * heuristic and in zlib.  This writer encodes the same pixels as cairo's own
 * writer: 8-bit RGB when every pixel is opaque, 8-bit RGBA otherwise, with
 * ARGB32 un-premultiplied by exactly the arithmetic of cairo-png.c, so a
 * decoder sees identical samples.  Each row is filtered with "sub" or "up",
 * whichever has the smaller sum of absolute differences (a cheap subset of
 * libpng's heuristic), and compressed in one piece by libdeflate at level 6.
 *
 * STRATA_PNG_ENCODER=cairo writes through cairo's encoder instead, for
 * comparison.
 */

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <libdeflate.h>

#include "strata-chart-private.h"

#define PNG_LEVEL 6

enum
{
  FILTER_NONE = 0,
  FILTER_SUB = 1,
  FILTER_UP = 2,
};

gboolean
_strata_png_use_cairo (void)
{
  const char *encoder = g_getenv ("STRATA_PNG_ENCODER");

  return encoder != NULL && g_str_equal (encoder, "cairo");
}

static void
put_u32 (guint8  *p,
         guint32  v)
{
  p[0] = (guint8) (v >> 24);
  p[1] = (guint8) (v >> 16);
  p[2] = (guint8) (v >> 8);
  p[3] = (guint8) v;
}

static void
append_chunk (GByteArray   *out,
              const char   *type,
              const guint8 *data,
              gsize         length)
{
  guint8 head[8];
  guint8 tail[4];
  guint32 crc;

  put_u32 (head, (guint32) length);
  memcpy (head + 4, type, 4);
  g_byte_array_append (out, head, 8);
  if (length > 0)
    g_byte_array_append (out, data, (guint) length);
  crc = libdeflate_crc32 (0, head + 4, 4);
  if (length > 0)   /* libdeflate_crc32 (crc, NULL, 0) is 0, not crc */
    crc = libdeflate_crc32 (crc, data, length);
  put_u32 (tail, crc);
  g_byte_array_append (out, tail, 4);
}

static gboolean
is_opaque (const guint8 *data,
           int           stride,
           int           width,
           int           height)
{
  for (int y = 0; y < height; y++)
    {
      const guint32 *row = (const guint32 *) (gconstpointer) (data + (gsize) y * stride);

      for (int x = 0; x < width; x++)
        if ((row[x] >> 24) != 0xff)
          return FALSE;
    }
  return TRUE;
}

/* One row of cairo's ARGB32 to PNG samples, as cairo-png.c converts it. */
static void
convert_row (const guint32 *src,
             guint8        *dst,
             int            width,
             gboolean       opaque)
{
  if (opaque)
    {
      for (int x = 0; x < width; x++, dst += 3)
        {
          guint32 p = src[x];

          dst[0] = (guint8) (p >> 16);
          dst[1] = (guint8) (p >> 8);
          dst[2] = (guint8) p;
        }
      return;
    }

  for (int x = 0; x < width; x++, dst += 4)
    {
      guint32 p = src[x];
      guint alpha = p >> 24;

      if (alpha == 0)
        {
          dst[0] = dst[1] = dst[2] = dst[3] = 0;
        }
      else if (alpha == 0xff)
        {
          dst[0] = (guint8) (p >> 16);
          dst[1] = (guint8) (p >> 8);
          dst[2] = (guint8) p;
          dst[3] = 0xff;
        }
      else
        {
          dst[0] = (guint8) ((((p >> 16) & 0xff) * 255 + alpha / 2) / alpha);
          dst[1] = (guint8) ((((p >> 8) & 0xff) * 255 + alpha / 2) / alpha);
          dst[2] = (guint8) (((p & 0xff) * 255 + alpha / 2) / alpha);
          dst[3] = (guint8) alpha;
        }
    }
}

/* Filters @cur (previous row @prev, NULL on the first) into @out[0..n]:
 * the filter byte, then the filtered samples. */
static void
filter_row (const guint8 *cur,
            const guint8 *prev,
            guint8       *out,
            gsize         n,
            guint         bpp)
{
  guint8 *sub = out + 1;
  guint sum_sub = 0;
  guint sum_up = 0;

  for (gsize i = 0; i < bpp; i++)
    {
      sub[i] = cur[i];
      sum_sub += cur[i] < 128 ? cur[i] : 256 - cur[i];
    }
  for (gsize i = bpp; i < n; i++)
    {
      guint8 d = (guint8) (cur[i] - cur[i - bpp]);

      sub[i] = d;
      sum_sub += d < 128 ? d : 256u - d;
    }

  if (prev != NULL)
    {
      for (gsize i = 0; i < n; i++)
        {
          guint8 d = (guint8) (cur[i] - prev[i]);

          sum_up += d < 128 ? d : 256u - d;
          if (sum_up >= sum_sub)
            break;
        }
      if (sum_up < sum_sub)
        {
          out[0] = FILTER_UP;
          for (gsize i = 0; i < n; i++)
            sub[i] = (guint8) (cur[i] - prev[i]);
          return;
        }
    }
  out[0] = FILTER_SUB;
}

gboolean
_strata_png_encode (cairo_surface_t  *surface,
                    GByteArray       *out,
                    GError          **error)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  struct libdeflate_compressor *compressor;
  const guint8 *data;
  int width, height, stride;
  gboolean opaque;
  guint bpp;
  gsize row_bytes, raw_size, bound, size;
  g_autofree guint8 *rows = NULL;
  g_autofree guint8 *raw = NULL;
  g_autofree guint8 *packed = NULL;
  static const guint8 white[6] = { 0, 0xff, 0, 0xff, 0, 0xff };
  guint8 ihdr[13];

  g_return_val_if_fail (cairo_surface_get_type (surface) == CAIRO_SURFACE_TYPE_IMAGE, FALSE);
  g_return_val_if_fail (cairo_image_surface_get_format (surface) == CAIRO_FORMAT_ARGB32, FALSE);

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  width = cairo_image_surface_get_width (surface);
  height = cairo_image_surface_get_height (surface);
  stride = cairo_image_surface_get_stride (surface);
  if (data == NULL || width <= 0 || height <= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "could not encode the PNG: no pixels");
      return FALSE;
    }

  opaque = is_opaque (data, stride, width, height);
  bpp = opaque ? 3 : 4;
  row_bytes = (gsize) width * bpp;
  raw_size = (row_bytes + 1) * (gsize) height;

  /* Two converted rows (current and previous), then the filtered image. */
  rows = g_malloc (2 * row_bytes);
  raw = g_malloc (raw_size);
  for (int y = 0; y < height; y++)
    {
      guint8 *cur = rows + (y & 1) * row_bytes;
      guint8 *prev = y > 0 ? rows + ((y - 1) & 1) * row_bytes : NULL;

      convert_row ((const guint32 *) (gconstpointer) (data + (gsize) y * stride), cur, width, opaque);
      filter_row (cur, prev, raw + (gsize) y * (row_bytes + 1), row_bytes, bpp);
    }

  compressor = libdeflate_alloc_compressor (PNG_LEVEL);
  if (compressor == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "could not encode the PNG: out of memory");
      return FALSE;
    }
  bound = libdeflate_zlib_compress_bound (compressor, raw_size);
  packed = g_malloc (bound);
  size = libdeflate_zlib_compress (compressor, raw, raw_size, packed, bound);
  libdeflate_free_compressor (compressor);
  if (size == 0 || size > G_MAXINT32)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "could not encode the PNG: compression failed");
      return FALSE;
    }

  put_u32 (ihdr, (guint32) width);
  put_u32 (ihdr + 4, (guint32) height);
  ihdr[8] = 8;                   /* bit depth */
  ihdr[9] = opaque ? 2 : 6;      /* RGB or RGBA */
  ihdr[10] = 0;                  /* deflate */
  ihdr[11] = 0;                  /* adaptive filtering */
  ihdr[12] = 0;                  /* no interlace */

  g_byte_array_append (out, signature, sizeof signature);
  append_chunk (out, "IHDR", ihdr, sizeof ihdr);
  append_chunk (out, "bKGD", white, sizeof white);   /* as cairo writes */
  append_chunk (out, "IDAT", packed, size);
  append_chunk (out, "IEND", NULL, 0);
  return TRUE;
}
