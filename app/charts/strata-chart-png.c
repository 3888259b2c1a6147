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
 * decoder sees identical samples.  Each row of an opaque picture is
 * filtered with "sub" or "up", whichever has the smaller sum of absolute
 * differences (a cheap subset of libpng's heuristic), from its ARGB32
 * pixels, in place, with no converted copy (filter_opaque ()).  A row with
 * transparency is filtered with "none", "sub" or "up", whichever leaves
 * the fewest nonzero bytes (filter_row_alpha ()).  Then libdeflate
 * compresses the rows in one piece at level 6.
 *
 * STRATA_PNG_ENCODER=cairo writes through cairo's encoder instead, for
 * comparison.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#ifdef __linux__
#include <sys/mman.h>
#endif

#include <gio/gio.h>
#include <libdeflate.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "strata-chart-private.h"

#define PNG_LEVEL 6

enum
{
  FILTER_NONE = 0,
  FILTER_SUB = 1,
  FILTER_UP = 2,
};

/* Pixels for an image surface that is drawn once and encoded.  On Linux
 * they come from their own mapping with transparent huge pages asked for:
 * a 1920x1080 chart is 8 MB, which as 4 KiB pages costs some 2,000 page
 * faults, more time than encoding it; as 2 MiB pages, four.  The mapping
 * is aligned to 2 MiB and a whole number of them: the kernel backs only
 * the aligned 2 MiB blocks of a mapping with huge pages, and where
 * mmap () places 8 MB is up to it (one block in four was left to 4 KiB
 * pages some runs and not others, 512 page faults). */
typedef struct
{
  guint8 *data;
  gsize   size;
  gboolean mapped;
} Pixels;

#define HUGE_PAGE ((gsize) 2 << 20)

static const cairo_user_data_key_t pixels_key;

static void
pixels_free (gpointer data)
{
  Pixels *pixels = data;

#ifdef __linux__
  if (pixels->mapped)
    munmap (pixels->data, pixels->size);
  else
#endif
    g_free (pixels->data);
  g_free (pixels);
}

#if defined(__linux__) && defined(MADV_HUGEPAGE)
/* @pixels->size bytes, rounded up to whole huge pages, at a huge page's
 * address: a mapping one page longer, with its ends cut off. */
static void
pixels_map (Pixels *pixels)
{
  gsize size = (pixels->size + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
  guint8 *p = mmap (NULL, size + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  gsize head;

  if (p == MAP_FAILED)
    return;
  head = (HUGE_PAGE - ((guintptr) p & (HUGE_PAGE - 1))) & (HUGE_PAGE - 1);
  if (head > 0)
    munmap (p, head);
  munmap (p + head + size, HUGE_PAGE - head);
  madvise (p + head, size, MADV_HUGEPAGE);
  pixels->data = p + head;
  pixels->size = size;
  pixels->mapped = TRUE;
}
#endif

cairo_surface_t *
_strata_png_surface_new (int width,
                         int height)
{
  Pixels *pixels;
  cairo_surface_t *surface;
  int stride = cairo_format_stride_for_width (CAIRO_FORMAT_ARGB32, width);

  if (width <= 0 || height <= 0 || stride <= 0 || (gsize) height > G_MAXSIZE / (gsize) stride)
    return cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);

  pixels = g_new0 (Pixels, 1);
  pixels->size = (gsize) stride * (gsize) height;
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (pixels->size >= 2 * HUGE_PAGE && pixels->size <= G_MAXSIZE / 2)
    pixels_map (pixels);
#endif
  if (pixels->data == NULL)
    pixels->data = g_malloc0 (pixels->size);

  surface = cairo_image_surface_create_for_data (pixels->data, CAIRO_FORMAT_ARGB32, width, height, stride);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS ||
      cairo_surface_set_user_data (surface, &pixels_key, pixels, pixels_free) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      pixels_free (pixels);
      return cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
    }
  return surface;
}

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
      guint32 all = 0xffffffff;

      for (int x = 0; x < width; x++)
        all &= row[x];
      if ((all >> 24) != 0xff)
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

static gsize
count_nonzero (const guint8 *p,
               gsize         n)
{
  gsize count = 0;

  for (gsize i = 0; i < n; i++)
    count += p[i] != 0;
  return count;
}

/* filter_row () for RGBA rows: "none", "sub" or "up", whichever leaves
 * the fewest nonzero bytes (the first of those on a tie).  Charts with
 * transparency are mostly transparent pixels, whose samples are all 0,
 * beside edges whose un-premultiplied colours jump from pixel to pixel:
 * the sum of absolute differences favours "sub" and "up" on such rows,
 * where zeros left as they are compress better.  Over every chart of the
 * four samples, transparent, in three themes and three sizes (288 files),
 * the sum's sub/up made 16 files larger than cairo's writer's (at most
 * 1.017x); this makes all 288 smaller. */
static void
filter_row_alpha (const guint8 *cur,
                  const guint8 *prev,
                  guint8       *out,
                  gsize         n)
{
  guint8 *sub = out + 1;
  gsize best = count_nonzero (cur, n);
  guint8 filter = FILTER_NONE;
  gsize count;

  for (gsize i = 0; i < 4 && i < n; i++)
    sub[i] = cur[i];
  for (gsize i = 4; i < n; i++)
    sub[i] = (guint8) (cur[i] - cur[i - 4]);
  count = count_nonzero (sub, n);
  if (count < best)
    {
      best = count;
      filter = FILTER_SUB;
    }
  if (prev != NULL)
    {
      count = 0;
      for (gsize i = 0; i < n; i++)
        count += cur[i] != prev[i];
      if (count < best)
        filter = FILTER_UP;
    }

  out[0] = filter;
  if (filter == FILTER_NONE)
    memcpy (out + 1, cur, n);
  else if (filter == FILTER_UP)
    for (gsize i = 0; i < n; i++)
      out[1 + i] = (guint8) (cur[i] - prev[i]);
}

/* -- Opaque pictures, filtered from the pixels themselves -----------------
 *
 * Two opaque pixels differ by 0 in alpha and, in red, green and blue, by
 * the difference of the samples cairo-png.c writes for them.  So "sub" and
 * "up" are byte differences of the ARGB32 pixels, summed for the heuristic
 * as they are and packed to RGB once the filter is chosen: no converted
 * copy of the row is made, and the choice and the bytes are those of
 * filter_row () on converted rows. */

static inline guint
magnitude (guint8 d)
{
  return d < 128 ? d : 256u - d;
}

static inline guint
pixel_magnitude (guint32 a,
                 guint32 b)
{
  return magnitude ((guint8) ((a >> 16) - (b >> 16))) +
         magnitude ((guint8) ((a >> 8) - (b >> 8))) +
         magnitude ((guint8) (a - b));
}

/* The heuristic's sum over @width pixels of @cur less @ref, pixel by pixel
 * (the alpha bytes of opaque pixels cancel out). */
static guint
opaque_sum (const guint32 *cur,
            const guint32 *ref,
            int            width)
{
  guint sum = 0;
  int x = 0;

#ifdef __SSE2__
  {
    const __m128i zero = _mm_setzero_si128 ();
    __m128i acc = zero;

    for (; x + 4 <= width; x += 4)
      {
        __m128i d = _mm_sub_epi8 (_mm_loadu_si128 ((const __m128i *) (gconstpointer) (cur + x)),
                                  _mm_loadu_si128 ((const __m128i *) (gconstpointer) (ref + x)));

        d = _mm_min_epu8 (d, _mm_sub_epi8 (zero, d));
        acc = _mm_add_epi64 (acc, _mm_sad_epu8 (d, zero));
      }
    sum = (guint) _mm_cvtsi128_si32 (acc) + (guint) _mm_cvtsi128_si32 (_mm_srli_si128 (acc, 8));
  }
#endif
  for (; x < width; x++)
    sum += pixel_magnitude (cur[x], ref[x]);
  return sum;
}

static inline void
put_rgb (guint8  *dst,
         guint32  a,
         guint32  b)
{
  dst[0] = (guint8) ((a >> 16) - (b >> 16));
  dst[1] = (guint8) ((a >> 8) - (b >> 8));
  dst[2] = (guint8) (a - b);
}

/* @out[0..3 * width] = the RGB samples of @cur less @ref, pixel by pixel. */
static void
opaque_filter (const guint32 *cur,
               const guint32 *ref,
               guint8        *out,
               int            width)
{
  int x = 0;

#if defined(__SSE2__) && G_BYTE_ORDER == G_LITTLE_ENDIAN
  /* Four bytes a pixel, each store's last byte overwritten by the next
   * pixel's first: the last pixel is left to the loop below. */
  for (; x + 5 <= width; x += 4, out += 12)
    {
      guint32 d[4];

      _mm_storeu_si128 ((__m128i *) (gpointer) d,
                        _mm_sub_epi8 (_mm_loadu_si128 ((const __m128i *) (gconstpointer) (cur + x)),
                                      _mm_loadu_si128 ((const __m128i *) (gconstpointer) (ref + x))));
      for (int i = 0; i < 4; i++)
        {
          guint32 rgb = GUINT32_SWAP_LE_BE (d[i]) >> 8;   /* R, G, B, 0 in memory */

          memcpy (out + 3 * i, &rgb, 4);
        }
    }
#endif
  for (; x < width; x++, out += 3)
    put_rgb (out, cur[x], ref[x]);
}

/* Filters the opaque pixels @data in place (see _strata_png_encode ()). */
static void
filter_opaque (guint8 *data,
               int     stride,
               int     width,
               int     height)
{
  const gsize row_bytes = (gsize) width * 3;
  const gsize pixel_bytes = (gsize) width * 4;
  g_autofree guint32 *copies = g_new (guint32, 2 * (gsize) width);
  const guint32 *prev = NULL;

  for (int y = 0; y < height; y++)
    {
      const guint32 *cur = (const guint32 *) (gconstpointer) (data + (gsize) y * stride);
      guint8 *row_out = data + (gsize) y * (row_bytes + 1);

      /* Row y's filtered bytes (and the one byte a store writes past them)
       * end before row y - 1's pixels start, except in the first rows:
       * those are read from a copy, kept for the next row's "up". */
      if ((gsize) (y + 1) * (row_bytes + 1) + 1 > (gsize) (y > 0 ? y - 1 : 0) * stride)
        cur = memcpy (copies + (y & 1) * (gsize) width, cur, pixel_bytes);

      if (prev != NULL && memcmp (cur, prev, pixel_bytes) == 0)
        {
          /* A row like the one above (a chart's blank bands): "up" makes
           * it all zeros, which no other filter beats. */
          row_out[0] = FILTER_UP;
          memset (row_out + 1, 0, row_bytes);
        }
      else if (prev != NULL &&
               opaque_sum (cur, prev, width) < pixel_magnitude (cur[0], 0) + opaque_sum (cur + 1, cur, width - 1))
        {
          row_out[0] = FILTER_UP;
          opaque_filter (cur, prev, row_out + 1, width);
        }
      else
        {
          row_out[0] = FILTER_SUB;
          put_rgb (row_out + 1, cur[0], 0);
          opaque_filter (cur + 1, cur, row_out + 4, width - 1);
        }
      prev = cur;
    }
}

/* Converts and filters the rows of @data into @filtered. */
static void
filter_rows (const guint8 *data,
             int           stride,
             int           width,
             int           height,
             gboolean      opaque,
             guint8       *filtered)
{
  guint bpp = opaque ? 3 : 4;
  gsize row_bytes = (gsize) width * bpp;
  g_autofree guint8 *rows = g_malloc (2 * row_bytes);

  for (int y = 0; y < height; y++)
    {
      guint8 *cur = rows + (y & 1) * row_bytes;
      guint8 *prev = y > 0 ? rows + ((y - 1) & 1) * row_bytes : NULL;
      guint8 *row_out = filtered + (gsize) y * (row_bytes + 1);

      convert_row ((const guint32 *) (gconstpointer) (data + (gsize) y * stride), cur, width, opaque);
      if (prev != NULL && memcmp (cur, prev, row_bytes) == 0)
        {
          /* As in filter_opaque (). */
          row_out[0] = FILTER_UP;
          memset (row_out + 1, 0, row_bytes);
        }
      else if (opaque)
        filter_row (cur, prev, row_out, row_bytes, bpp);
      else
        filter_row_alpha (cur, prev, row_out, row_bytes);
    }
}

gboolean
_strata_png_encode (cairo_surface_t  *surface,
                    GByteArray       *out,
                    GError          **error)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  struct libdeflate_compressor *compressor;
  guint8 *data;
  int width, height, stride;
  gboolean opaque;
  guint bpp;
  gsize row_bytes, raw_size, bound, size;
  g_autofree guint8 *raw = NULL;
  guint8 *filtered;
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
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("could not encode the PNG: no pixels"));
      return FALSE;
    }

  opaque = is_opaque (data, stride, width, height);
  bpp = opaque ? 3 : 4;
  row_bytes = (gsize) width * bpp;
  raw_size = (row_bytes + 1) * (gsize) height;

  /* An opaque image is filtered in place, over the surface's own pixels:
   * row y's 3 * width + 1 filtered bytes start before row y does
   * (stride >= 4 * width).  That saves touching a second image-sized
   * buffer, whose page faults cost more than the filtering. */
  if (opaque && (gsize) stride >= row_bytes + 1)
    {
      filtered = data;
      filter_opaque (data, stride, width, height);
    }
  else
    {
      filtered = raw = g_malloc (raw_size);
      filter_rows (data, stride, width, height, opaque, filtered);
    }

  compressor = libdeflate_alloc_compressor (PNG_LEVEL);
  if (compressor == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("could not encode the PNG: out of memory"));
      return FALSE;
    }
  bound = libdeflate_zlib_compress_bound (compressor, raw_size);
  packed = g_malloc (bound);
  size = libdeflate_zlib_compress (compressor, filtered, raw_size, packed, bound);
  libdeflate_free_compressor (compressor);
  if (size == 0 || size > G_MAXINT32)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("could not encode the PNG: compression failed"));
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
