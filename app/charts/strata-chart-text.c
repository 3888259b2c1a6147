/* strata-chart-text.c: text placement, safe geometry and the drawing context
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <strata/strata-format.h>

#include "strata-chart-private.h"


void
strata_chart_fonts_begin (void)
{
  /* The default font map is the one every chart's context uses
   * (pango_cairo_create_context ()); making it starts fontconfig's
   * initialisation in pango's thread. */
  pango_cairo_font_map_get_default ();
}

/* Anything beyond this is off any sane surface; cairo's 24.8 fixed point
 * overflows near 8e6 and it hangs on huge arcs. */
#define COORD_LIMIT 1e6

double
_strata_chart_c (double v)
{
  if (isnan (v))
    return 0.0;
  return CLAMP (v, -COORD_LIMIT, COORD_LIMIT);
}

double
_strata_chart_clamp (double v,
                     double lo,
                     double hi)
{
  if (isnan (v))
    return lo;
  return CLAMP (v, lo, hi);
}

void
_strata_chart_rect_path (cairo_t *cr,
                         double   x,
                         double   y,
                         double   w,
                         double   h)
{
  cairo_rectangle (cr, _strata_chart_c (x), _strata_chart_c (y),
                   _strata_chart_clamp (w, 0, COORD_LIMIT),
                   _strata_chart_clamp (h, 0, COORD_LIMIT));
}

void
_strata_chart_span_path (cairo_t *cr,
                         double   x0,
                         double   y0,
                         double   x1,
                         double   y1)
{
  x0 = _strata_chart_c (x0);
  y0 = _strata_chart_c (y0);
  x1 = _strata_chart_c (x1);
  y1 = _strata_chart_c (y1);
  cairo_move_to (cr, x0, y0);
  cairo_line_to (cr, x1, y0);
  cairo_line_to (cr, x1, y1);
  cairo_line_to (cr, x0, y1);
  cairo_close_path (cr);
}

void
_strata_chart_round_rect (cairo_t *cr,
                          double   x,
                          double   y,
                          double   w,
                          double   h,
                          double   r)
{
  x = _strata_chart_c (x);
  y = _strata_chart_c (y);
  w = _strata_chart_clamp (w, 0, COORD_LIMIT);
  h = _strata_chart_clamp (h, 0, COORD_LIMIT);
  r = _strata_chart_clamp (r, 0, MIN (w, h) / 2);

  if (r < 0.5)
    {
      cairo_rectangle (cr, x, y, w, h);
      return;
    }
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

void
_strata_chart_circle (cairo_t *cr,
                      double   x,
                      double   y,
                      double   r)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, _strata_chart_c (x), _strata_chart_c (y),
             _strata_chart_clamp (r, 0, 1000), 0, 2 * G_PI);
  cairo_close_path (cr);
}

void
_strata_chart_line (cairo_t *cr,
                    double   x0,
                    double   y0,
                    double   x1,
                    double   y1)
{
  cairo_move_to (cr, _strata_chart_c (x0), _strata_chart_c (y0));
  cairo_line_to (cr, _strata_chart_c (x1), _strata_chart_c (y1));
}

gboolean
_strata_chart_rects_overlap (const StrataChartRect *a,
                             const StrataChartRect *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width &&
         a->y < b->y + b->height && b->y < a->y + a->height;
}

/* -- text ------------------------------------------------------------------ */

StrataTextStyle
_strata_chart_style (StrataChartCtx *ctx,
                     double          size_factor,
                     StrataTextRole  role,
                     StrataRgba      color,
                     StrataTextFlags flags)
{
  StrataTextStyle style = { 0 };

  style.size = ctx->font_px * size_factor;
  style.role = role;
  style.color = color;
  style.flags = flags;
  return style;
}

/* The family pango resolves the theme's generic family to ("Sans" to
 * "DejaVu Sans", say), per font map and style.
 *
 * pango (1.50) measures each font it lays out with a sample layout of its
 * own, described by the font's resolved family.  Asked for "Sans", every
 * size therefore cost two fontconfig patterns, each with a match and a
 * sort in two threads of their own: 17 sorts and 35 threads for the small
 * cost-curves chart, where describing text by the family pango resolved
 * to costs one pattern per size, shared with the measuring layout (8 and
 * 19).  The font at the head of both fontsets is the same, so are the
 * glyphs and the pixels (test-export compares decoded pixels).  The
 * answer is asked of pango once per font map (its serial changes when the
 * fonts do) and style, for the whole process and every weight: the
 * family outranks the weight in fontconfig's match, so bold text asked
 * for "Sans" gets the family regular text does (its bold face, or the
 * regular one emboldened, as with the generic name); asking for each
 * weight cost a pattern more. */
typedef struct
{
  PangoFontMap *font_map;
  guint         serial;
  const char   *family;     /* interned */
  PangoStyle    style;
  const char   *language;   /* interned */
  const char   *resolved;   /* interned */
} ResolvedFamily;

static GMutex resolved_lock;
static GArray *resolved_families;

const char *
_strata_chart_resolve_family (PangoContext *context,
                const char   *family,
                PangoWeight   weight,
                PangoStyle    style,
                double        size)
{
  PangoFontMap *font_map = pango_context_get_font_map (context);
  guint serial = font_map != NULL ? pango_font_map_get_serial (font_map) : 0;
  const char *language = g_intern_string (pango_language_to_string (pango_context_get_language (context)));
  const char *resolved = NULL;
  PangoFontDescription *desc;
  PangoFont *font;

  family = g_intern_string (family);
  g_mutex_lock (&resolved_lock);
  if (resolved_families == NULL)
    resolved_families = g_array_new (FALSE, FALSE, sizeof (ResolvedFamily));
  for (guint i = 0; i < resolved_families->len; i++)
    {
      ResolvedFamily *entry = &g_array_index (resolved_families, ResolvedFamily, i);

      if (entry->font_map == font_map && entry->serial == serial && entry->family == family &&
          entry->style == style && entry->language == language)
        {
          resolved = entry->resolved;
          break;
        }
    }
  g_mutex_unlock (&resolved_lock);
  if (resolved != NULL)
    return resolved;

  desc = pango_font_description_new ();
  pango_font_description_set_family_static (desc, family);
  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  /* Asked at the weight of the text at hand: the font loaded is the one
   * it is drawn with (a regular face at the title's size would be loaded
   * for nothing). */
  pango_font_description_set_weight (desc, weight);
  pango_font_description_set_style (desc, style);
  font = font_map != NULL ? pango_context_load_font (context, desc) : NULL;
  pango_font_description_free (desc);
  if (font != NULL)
    {
      PangoFontDescription *described = pango_font_describe (font);
      const char *name = pango_font_description_get_family (described);

      /* Only a single family name may stand for the list asked for. */
      if (name != NULL && *name != '\0' && strchr (name, ',') == NULL)
        resolved = g_intern_string (name);
      pango_font_description_free (described);
      g_object_unref (font);
    }
  if (resolved == NULL)
    return family;   /* not cached: ask again next time */

  g_mutex_lock (&resolved_lock);
  {
    ResolvedFamily entry = { font_map, serial, family, style, language, resolved };

    /* A font map that is gone may leave entries behind; a handful per
     * thread that draws, and the answer they hold is fontconfig's. */
    if (resolved_families->len >= 64)
      g_array_remove_range (resolved_families, 0, 32);
    g_array_append_val (resolved_families, entry);
  }
  g_mutex_unlock (&resolved_lock);
  return resolved;
}

gboolean
_strata_chart_family_resolved (const char *family)
{
  gboolean found = FALSE;

  if (family == NULL)
    return FALSE;
  family = g_intern_string (family);
  g_mutex_lock (&resolved_lock);
  for (guint i = 0; resolved_families != NULL && i < resolved_families->len && !found; i++)
    found = g_array_index (resolved_families, ResolvedFamily, i).resolved == family;
  g_mutex_unlock (&resolved_lock);
  return found;
}

/* Laid-out text of one drawing, by what apply_style sets.  A label is
 * usually measured first (where does it fit?) and drawn later: each has a
 * layout of its own, so the second time neither shapes nor measures the
 * text again.  The table hangs off the drawing's PangoContext (one per
 * StrataChartCtx) and goes in _strata_chart_ctx_clear. */
#define LAYOUTS_MAX 512

static GQuark
layouts_quark (void)
{
  static GQuark quark;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("strata-chart-layouts");
  return quark;
}

static GHashTable *
layouts_of (PangoContext *context)
{
  GHashTable *layouts = g_object_get_qdata (G_OBJECT (context), layouts_quark ());

  if (layouts == NULL)
    {
      layouts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
      g_object_set_qdata_full (G_OBJECT (context), layouts_quark (), layouts,
                               (GDestroyNotify) g_hash_table_unref);
    }
  else if (g_hash_table_size (layouts) >= LAYOUTS_MAX)
    g_hash_table_remove_all (layouts);
  return layouts;
}

static void
set_text (StrataChartCtx *ctx,
          PangoLayout    *layout,
          const char     *text)
{
  /* Plain text, never markup: names cannot inject formatting. */
  pango_layout_set_text (layout, text, -1);
  if (ctx->no_ligatures)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_font_features_new ("liga 0, clig 0"));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
}

/* SVG and PDF: the text laid out at STRATA_CHART_NOMINAL_PX
 * (strata-chart-text-nominal.c); FALSE where it is laid out at its own
 * size (text pango would ellipsize). */
static gboolean
apply_nominal (StrataChartCtx *ctx,
               const char     *key,
               const char     *text,
               double          size,
               double          max_width,
               PangoWeight     weight,
               PangoStyle      slant)
{
  GHashTable *layouts = g_object_get_qdata (G_OBJECT (ctx->nominal), layouts_quark ());
  PangoLayout *layout = layouts != NULL ? g_hash_table_lookup (layouts, key) : NULL;
  PangoFontDescription *desc;

  if (layout == NULL)
    {
      layouts = layouts_of (ctx->nominal);
      layout = pango_layout_new (ctx->nominal);
      pango_layout_set_single_paragraph_mode (layout, TRUE);
      g_hash_table_insert (layouts, g_strdup (key), layout);
      desc = pango_font_description_new ();
      pango_font_description_set_family_static (desc, _strata_chart_resolve_family (ctx->nominal, ctx->theme->font_family,
                                                                                    weight, slant,
                                                                                    STRATA_CHART_NOMINAL_PX));
      pango_font_description_set_absolute_size (desc, STRATA_CHART_NOMINAL_PX * PANGO_SCALE);
      if (weight != PANGO_WEIGHT_NORMAL)
        pango_font_description_set_weight (desc, weight);
      if (slant != PANGO_STYLE_NORMAL)
        pango_font_description_set_style (desc, slant);
      pango_layout_set_font_description (layout, desc);
      pango_font_description_free (desc);
      set_text (ctx, layout, text);
      _strata_chart_nominal_layout (layout, size, max_width);
    }
  if (!_strata_chart_nominal_usable (layout))
    return FALSE;
  g_set_object (&ctx->layout, layout);
  return TRUE;
}

static void
apply_style (StrataChartCtx        *ctx,
             const char            *text,
             const StrataTextStyle *style)
{
  PangoContext *context = pango_layout_get_context (ctx->sized);
  GHashTable *layouts;
  PangoLayout *layout;
  PangoFontDescription *desc;
  double size = _strata_chart_clamp (style->size, 1.0, 400.0);
  double max_width = style->max_width > 0 ? _strata_chart_clamp (style->max_width, 1, 1e5) : 0;
  PangoWeight weight = (style->flags & STRATA_TEXT_FLAG_BOLD) ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL;
  PangoStyle slant = (style->flags & STRATA_TEXT_FLAG_ITALIC) ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL;
  char *key;

  /* Size and width as pango gets them (whole Pango units), then the text. */
  key = g_strdup_printf ("%d %d %d %d %s", (int) weight, (int) slant, (int) (size * PANGO_SCALE),
                         max_width > 0 ? (int) (max_width * PANGO_SCALE) : -1, text);
  if (ctx->nominal != NULL && apply_nominal (ctx, key, text, size, max_width, weight, slant))
    {
      g_free (key);
      return;
    }
  layouts = g_object_get_qdata (G_OBJECT (context), layouts_quark ());
  layout = layouts != NULL ? g_hash_table_lookup (layouts, key) : NULL;
  if (layout != NULL)
    {
      g_free (key);
      g_set_object (&ctx->layout, layout);
      g_set_object (&ctx->sized, layout);
      return;
    }
  layouts = layouts_of (context);
  layout = pango_layout_new (context);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  g_hash_table_insert (layouts, key, layout);
  g_set_object (&ctx->layout, layout);
  g_set_object (&ctx->sized, layout);

  desc = pango_font_description_new ();
  pango_font_description_set_family_static (desc, _strata_chart_resolve_family (context, ctx->theme->font_family,
                                                                                weight, slant, size));
  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  if (weight != PANGO_WEIGHT_NORMAL)
    pango_font_description_set_weight (desc, weight);
  if (slant != PANGO_STYLE_NORMAL)
    pango_font_description_set_style (desc, slant);
  pango_layout_set_font_description (ctx->layout, desc);
  pango_font_description_free (desc);

  set_text (ctx, ctx->layout, text);
  if (max_width > 0)
    {
      pango_layout_set_width (ctx->layout, (int) (max_width * PANGO_SCALE));
      pango_layout_set_ellipsize (ctx->layout, PANGO_ELLIPSIZE_END);
    }
  else
    {
      pango_layout_set_width (ctx->layout, -1);
      pango_layout_set_ellipsize (ctx->layout, PANGO_ELLIPSIZE_NONE);
    }
}

static void
layout_logical (StrataChartCtx *ctx,
                PangoRectangle *logical)
{
  pango_layout_get_extents (ctx->layout, NULL, logical);
  /* With a width set, the logical box spans the whole width (and a
   * right-to-left line sits at its far end): place the line itself. */
  if (pango_layout_get_width (ctx->layout) > 0)
    {
      PangoLayoutIter *iter = pango_layout_get_iter (ctx->layout);
      PangoRectangle line;

      pango_layout_iter_get_line_extents (iter, NULL, &line);
      pango_layout_iter_free (iter);
      logical->x = line.x;
      logical->width = line.width;
    }
}

static void
text_measure (StrataChartCtx        *ctx,
              const char            *text,
              const StrataTextStyle *style,
              PangoRectangle        *logical,
              double                *bw,
              double                *bh)
{
  apply_style (ctx, text, style);
  if (!_strata_chart_nominal_extents (ctx->layout, logical, NULL, NULL))
    layout_logical (ctx, logical);
  if (style->angle != 0.0)
    {
      *bw = logical->height / (double) PANGO_SCALE;
      *bh = logical->width / (double) PANGO_SCALE;
    }
  else
    {
      *bw = logical->width / (double) PANGO_SCALE;
      *bh = logical->height / (double) PANGO_SCALE;
    }
}

static GPtrArray *sentence_pieces (const char *text);

/* More characters than a name may have. */
static gboolean
long_text (const char *text)
{
  return strnlen (text, STRATA_CHART_MAX_NAME_CHARS + 1) > STRATA_CHART_MAX_NAME_CHARS
         && g_utf8_strlen (text, (STRATA_CHART_MAX_NAME_CHARS + 1) * 4) > STRATA_CHART_MAX_NAME_CHARS;
}

void
_strata_chart_text_size (StrataChartCtx        *ctx,
                         const char            *text,
                         const StrataTextStyle *style,
                         double                *width,
                         double                *height)
{
  g_autofree char *cut = NULL;
  PangoRectangle logical;
  double bw, bh;

  /* A sentence longer than a name is drawn in pieces (text_sentence):
   * its width is theirs, not that of its first 96 characters. */
  if (style->angle == 0.0 && text != NULL && long_text (text))
    {
      g_autoptr(GPtrArray) pieces = sentence_pieces (text);
      StrataTextStyle piece = *style;
      double space = 0, total = 0;

      piece.max_width = 0;
      if (pieces->len > 1)
        {
          double a;

          text_measure (ctx, "a a", &piece, &logical, &space, &bh);
          text_measure (ctx, "aa", &piece, &logical, &a, &bh);
          space -= a;
        }
      bh = 0;
      for (guint i = 0; i < pieces->len; i++)
        {
          double w, h;

          text_measure (ctx, pieces->pdata[i], &piece, &logical, &w, &h);
          total += (i > 0 ? space : 0) + w;
          bh = MAX (bh, h);
        }
      if (style->max_width > 0)
        total = MIN (total, style->max_width);
      if (width != NULL)
        *width = total;
      if (height != NULL)
        *height = bh;
      return;
    }
  cut = _strata_chart_cut (text, STRATA_CHART_MAX_NAME_CHARS);
  text_measure (ctx, cut, style, &logical, &bw, &bh);
  if (width != NULL)
    *width = bw;
  if (height != NULL)
    *height = bh;
}

gboolean
_strata_chart_box_free (StrataChartCtx        *ctx,
                        const StrataChartRect *box)
{
  for (guint i = 0; i < ctx->boxes->len; i++)
    {
      const StrataChartTextBox *placed = &g_array_index (ctx->boxes, StrataChartTextBox, i);

      if (_strata_chart_rects_overlap (&placed->rect, box))
        return FALSE;
    }
  for (guint i = 0; ctx->reserved != NULL && i < ctx->reserved->len; i++)
    if (_strata_chart_rects_overlap (&g_array_index (ctx->reserved, StrataChartRect, i), box))
      return FALSE;
  return TRUE;
}

void
_strata_chart_reserve (StrataChartCtx        *ctx,
                       const StrataChartRect *rect)
{
  if (ctx->reserved == NULL)
    ctx->reserved = g_array_new (FALSE, FALSE, sizeof (StrataChartRect));
  g_array_append_val (ctx->reserved, *rect);
}

/* Whether optional text (STRATA_TEXT_FLAG_TRY) may take @box: on the
 * canvas (half a unit of slack) and over no text placed before it. */
static gboolean
box_may_go (StrataChartCtx        *ctx,
            const StrataChartRect *box)
{
  return !(box->x < -0.5 || box->y < -0.5 || box->x + box->width > ctx->width + 0.5
           || box->y + box->height > ctx->height + 0.5)
         && _strata_chart_box_free (ctx, box);
}

/* A sentence longer than a name, on one line of @style->max_width: words
 * taken up to STRATA_CHART_MAX_NAME_CHARS characters at a time (pango never
 * sees more), each piece placed after the previous one, the last cut by
 * pango where the width runs out.  A note under a chart is a sentence; a
 * 96-character cut left it unfinished with the line half empty. */
#define SENTENCE_MAX_PIECES 4

static GPtrArray *
sentence_pieces (const char *text)
{
  GPtrArray *pieces = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *all = _strata_chart_cut (text, STRATA_CHART_MAX_NAME_CHARS * SENTENCE_MAX_PIECES);
  const char *p = all;

  while (*p != '\0')
    {
      const char *end = p, *space = NULL;
      guint n = 0;

      while (*end != '\0' && n < STRATA_CHART_MAX_NAME_CHARS)
        {
          if (*end == ' ')
            space = end;
          end = g_utf8_next_char (end);
          n++;
        }
      if (*end != '\0' && space != NULL && space > p)
        end = space;   /* break between words */
      g_ptr_array_add (pieces, g_strndup (p, end - p));
      p = end;
      while (*p == ' ')
        p++;
    }
  return pieces;
}

static gboolean
text_sentence (StrataChartCtx        *ctx,
               const char            *text,
               const StrataTextStyle *style,
               double                 x,
               double                 y,
               double                 ax,
               double                 ay,
               StrataChartRect       *box)
{
  g_autoptr(GPtrArray) pieces = sentence_pieces (text);
  g_autofree double *widths = g_new0 (double, pieces->len);
  StrataTextStyle piece = *style;
  double space, total = 0, room, px;
  gsize mark;
  guint n = 0;

  _strata_chart_text_size (ctx, "a a", style, &space, NULL);
  {
    double a;

    _strata_chart_text_size (ctx, "aa", style, &a, NULL);
    space -= a;
  }
  /* Measure the pieces that fit (the last one may be cut). */
  piece.max_width = 0;
  for (n = 0; n < pieces->len && total < style->max_width; n++)
    {
      _strata_chart_text_size (ctx, pieces->pdata[n], &piece, &widths[n], NULL);
      total += (n > 0 ? space : 0) + widths[n];
    }
  total = MIN (total, style->max_width);

  /* Where the whole line goes, and whether it may. */
  px = x - ax * total;
  if (style->flags & STRATA_TEXT_FLAG_TRY)
    {
      double h;
      StrataChartRect whole;

      _strata_chart_text_size (ctx, pieces->pdata[0], &piece, NULL, &h);
      whole = (StrataChartRect) { px, y - ay * h, total, h };
      if (!box_may_go (ctx, &whole))
        return FALSE;
    }

  piece.flags &= ~STRATA_TEXT_FLAG_TRY;
  mark = ctx->svg_text != NULL ? ctx->svg_text->len : 0;
  room = total;
  for (guint i = 0; i < n && room > 1; i++)
    {
      StrataChartRect placed;

      piece.max_width = room;
      if (!_strata_chart_text (ctx, pieces->pdata[i], &piece, px, y, 0, ay, &placed))
        break;
      if (box != NULL)
        {
          if (i == 0)
            *box = placed;
          else
            {
              double right = MAX (box->x + box->width, placed.x + placed.width);
              double bottom = MAX (box->y + box->height, placed.y + placed.height);

              box->x = MIN (box->x, placed.x);
              box->y = MIN (box->y, placed.y);
              box->width = right - box->x;
              box->height = bottom - box->y;
            }
        }
      px += placed.width + space;
      room -= placed.width + space;
    }
  if (ctx->svg_text != NULL)
    _strata_svg_merge_line (ctx->svg_text, mark);
  return TRUE;
}

/* pango_cairo_update_layout(), only when it would change something.
 * pango (1.50) sets the context's matrix on every call, and setting it
 * bumps the context's serial even to the same value: every layout of the
 * drawing, the one about to be drawn too, was then laid out and shaped
 * again (48 times for the small cost-curves chart).  With hinted metrics
 * off, the matrix's translation is ignored and only its linear part
 * reaches the fonts; the font options merged from the surface's change
 * only with the target.  So the context is updated when the linear part
 * or the target differs from what it was last updated with; else the
 * update would lay out the same text with the same fonts again. */
static GQuark
updated_target_quark (void)
{
  static GQuark quark;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("strata-chart-updated-target");
  return quark;
}

static void
update_context (StrataChartCtx *ctx)
{
  PangoContext *context = pango_layout_get_context (ctx->layout);
  const PangoMatrix *current = pango_context_get_matrix (context);
  const PangoMatrix identity = PANGO_MATRIX_INIT;
  cairo_surface_t *target = cairo_get_target (ctx->cr);
  cairo_matrix_t m;

  if (current == NULL)
    current = &identity;
  cairo_get_matrix (ctx->cr, &m);
  if (g_object_get_qdata (G_OBJECT (context), updated_target_quark ()) == target &&
      m.xx == current->xx && m.yx == current->yx && m.xy == current->xy && m.yy == current->yy)
    return;
  pango_cairo_update_context (ctx->cr, context);
  g_object_set_qdata (G_OBJECT (context), updated_target_quark (), target);
}

gboolean
_strata_chart_text (StrataChartCtx        *ctx,
                    const char            *text,
                    const StrataTextStyle *style,
                    double                 x,
                    double                 y,
                    double                 ax,
                    double                 ay,
                    StrataChartRect       *box)
{
  g_autofree char *cut = NULL;
  PangoRectangle logical;
  StrataChartRect rect;
  double bw, bh;

  if (box != NULL)
    *box = (StrataChartRect) { 0 };
  if (text == NULL || *text == '\0' || !isfinite (x) || !isfinite (y))
    return FALSE;
  if (style->size < 4.0)
    return FALSE;   /* too small to read: leave it out rather than smudge */
  if (style->max_width > 0 && style->angle == 0.0 && !(style->flags & STRATA_TEXT_FLAG_MEASURE)
      && long_text (text))
    return text_sentence (ctx, text, style, x, y, ax, ay, box);

  cut = _strata_chart_cut (text, STRATA_CHART_MAX_NAME_CHARS);
  text_measure (ctx, cut, style, &logical, &bw, &bh);
  if (bw <= 0 || bh <= 0)
    return FALSE;

  rect.x = x - ax * bw;
  rect.y = y - ay * bh;
  rect.width = bw;
  rect.height = bh;
  if (box != NULL)
    *box = rect;

  if (style->flags & STRATA_TEXT_FLAG_MEASURE)
    return TRUE;
  if ((style->flags & STRATA_TEXT_FLAG_TRY) && !box_may_go (ctx, &rect))
    return FALSE;
  if (fabs (rect.x) > COORD_LIMIT || fabs (rect.y) > COORD_LIMIT)
    return FALSE;

  cairo_save (ctx->cr);
  if (style->flags & STRATA_TEXT_FLAG_HALO)
    {
      StrataRgba halo = style->halo;

      if (halo.a <= 0)
        {
          halo = ctx->theme->background;
          halo.a = 0.85;
        }
      _strata_chart_set_color (ctx->cr, halo);
      _strata_chart_round_rect (ctx->cr, rect.x - 2, rect.y, rect.width + 4, rect.height, 3);
      cairo_fill (ctx->cr);
    }
  _strata_chart_set_color (ctx->cr, style->color);
  if (style->angle != 0.0)
    {
      /* Reads bottom to top: the layout's top edge faces left. */
      cairo_translate (ctx->cr, rect.x, rect.y + rect.height);
      cairo_rotate (ctx->cr, -G_PI / 2);
    }
  else
    cairo_translate (ctx->cr, rect.x, rect.y);
  if (ctx->svg_text != NULL)
    _strata_svg_text (ctx->svg_text, ctx->cr, ctx->layout, &logical, ax, style->color);
  else if (_strata_chart_nominal_usable (ctx->layout))
    _strata_chart_nominal_show (ctx->cr, ctx->layout);
  else
    {
      cairo_move_to (ctx->cr, -logical.x / (double) PANGO_SCALE, -logical.y / (double) PANGO_SCALE);
      update_context (ctx);
      pango_cairo_show_layout (ctx->cr, ctx->layout);
    }
  cairo_new_path (ctx->cr);
  cairo_restore (ctx->cr);

  if (!(style->flags & STRATA_TEXT_FLAG_NO_BOX))
    {
      StrataChartTextBox placed;
      const char *shown = pango_layout_get_text (ctx->layout);

      placed.rect = rect;
      placed.role = style->role;
      placed.key = g_strdup (style->key);
      placed.value = style->value;
      /* Record what is visible: the ellipsized form when pango cut it (the
       * line keeps the whole text; its last run, the ellipsis, stands for
       * the text from its offset on). */
      placed.text = g_strdup (shown);
      if (pango_layout_is_ellipsized (ctx->layout))
        {
          PangoLayoutLine *line = pango_layout_get_line_readonly (ctx->layout, 0);
          int gap = -1;

          for (GSList *r = line != NULL ? line->runs : NULL; r != NULL; r = r->next)
            gap = MAX (gap, ((PangoGlyphItem *) r->data)->item->offset);
          if (gap >= 0)
            {
              g_free (placed.text);
              placed.text = g_strdup_printf ("%.*s\xE2\x80\xA6", gap, shown);
            }
        }
      g_array_append_val (ctx->boxes, placed);
    }
  return TRUE;
}

/* -- context ----------------------------------------------------------------- */

static void
text_box_clear (gpointer data)
{
  StrataChartTextBox *box = data;

  g_clear_pointer (&box->text, g_free);
  g_clear_pointer (&box->key, g_free);
}

void
_strata_chart_ctx_init (StrataChartCtx           *ctx,
                        const StrataChartRequest *request,
                        cairo_t                  *cr,
                        double                    width,
                        double                    height)
{
  cairo_font_options_t *options;
  PangoContext *context;
  double base;

  memset (ctx, 0, sizeof *ctx);
  ctx->request = request;
  ctx->theme = _strata_chart_theme (request != NULL ? request->theme : STRATA_THEME_LIGHT);
  ctx->cr = cr;
  ctx->svg_text = _strata_svg_text_sink (cr);
  /* A PDF's text is read back by the tools that import it (LibreOffice
   * Impress made "flip" into "ﬂip", the ligature's code point): no
   * ligatures there.  Pictures keep pango's shaping. */
  ctx->no_ligatures = cairo_surface_get_type (cairo_get_target (cr)) == CAIRO_SURFACE_TYPE_PDF;
  ctx->raster = cairo_surface_get_type (cairo_get_target (cr)) == CAIRO_SURFACE_TYPE_IMAGE;
  ctx->width = width;
  ctx->height = height;
  ctx->boxes = g_array_new (FALSE, TRUE, sizeof (StrataChartTextBox));
  g_array_set_clear_func (ctx->boxes, text_box_clear);
  ctx->regions = g_array_new (FALSE, TRUE, sizeof (StrataHitRegion));
  g_array_set_clear_func (ctx->regions, _strata_chart_region_clear);

  /* Type follows the chart's size: 20 units at 1920x1080, never below 11
   * (app view) and never so large that a small chart is all text. */
  base = sqrt (width * height) / 72.0;
  base = _strata_chart_clamp (base, 11.0, 64.0);
  base *= ctx->theme->type_scale;
  base = MIN (base, MAX (height / 22.0, 6.0));
  base = MIN (base, MAX (width / 40.0, 6.0));
  ctx->font_px = base;
  ctx->line_px = MAX (1.5, base / 7.0) * ctx->theme->line_scale;
  ctx->pad = MAX (4.0, base * 1.2);

  ctx->layout = pango_cairo_create_layout (cr);
  context = pango_layout_get_context (ctx->layout);
  options = cairo_font_options_create ();
  /* Unhinted metrics: the same layout on screen, PNG, SVG and PDF. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (context, options);
  pango_layout_context_changed (ctx->layout);
  pango_layout_set_single_paragraph_mode (ctx->layout, TRUE);
  /* What the deck copies to wrap text: the labels' attributes. */
  set_text (ctx, ctx->layout, "");
  ctx->sized = g_object_ref (ctx->layout);
  if (cairo_surface_get_type (cairo_get_target (cr)) == CAIRO_SURFACE_TYPE_PDF ||
      cairo_surface_get_type (cairo_get_target (cr)) == CAIRO_SURFACE_TYPE_SVG)
    {
      /* The surface's font options merged as for the drawing's context;
       * no matrix (cairo scales and turns the text), no rounding (the
       * label's own size is rounded in strata-chart-text-nominal.c). */
      ctx->nominal = pango_cairo_create_context (cr);
      pango_context_set_matrix (ctx->nominal, NULL);
      pango_cairo_context_set_font_options (ctx->nominal, options);
      pango_context_set_round_glyph_positions (ctx->nominal, FALSE);
    }
  cairo_font_options_destroy (options);
}

void
_strata_chart_ctx_clear (StrataChartCtx *ctx)
{
  /* The cached layouts hold the context: let them go first. */
  if (ctx->sized != NULL)
    g_object_set_qdata (G_OBJECT (pango_layout_get_context (ctx->sized)), layouts_quark (), NULL);
  if (ctx->nominal != NULL)
    g_object_set_qdata (G_OBJECT (ctx->nominal), layouts_quark (), NULL);
  g_clear_object (&ctx->layout);
  g_clear_object (&ctx->sized);
  g_clear_object (&ctx->nominal);
  g_clear_pointer (&ctx->results, strata_chart_results_unref);
  g_clear_pointer (&ctx->scratch, g_ptr_array_unref);
  g_clear_pointer (&ctx->boxes, g_array_unref);
  g_clear_pointer (&ctx->reserved, g_array_unref);
  g_clear_pointer (&ctx->regions, g_array_unref);
}

void
_strata_chart_add_region (StrataChartCtx        *ctx,
                          const StrataChartRect *rect,
                          const StrataHit       *hit)
{
  _strata_chart_add_region_detail (ctx, rect, hit, NULL);
}

void
_strata_chart_add_region_detail (StrataChartCtx        *ctx,
                                 const StrataChartRect *rect,
                                 const StrataHit       *hit,
                                 char                  *detail)
{
  StrataHitRegion region;

  region.rect = *rect;
  region.hit = *hit;
  region.detail = detail;
  g_array_append_val (ctx->regions, region);
}

void
_strata_chart_region_clear (gpointer data)
{
  StrataHitRegion *region = data;

  g_clear_pointer (&region->detail, g_free);
}

double
_strata_chart_title (StrataChartCtx *ctx,
                     const char     *title,
                     const char     *subtitle)
{
  StrataTextStyle style;
  StrataChartRect box;
  double y = ctx->pad;
  double inset = ctx->request != NULL && isfinite (ctx->request->title_inset)
                 ? CLAMP (ctx->request->title_inset, 0, ctx->width / 2) : 0;
  double max_width = ctx->width - 2 * ctx->pad - inset;

  style = _strata_chart_style (ctx, 1.45, STRATA_TEXT_TITLE, ctx->theme->foreground,
                               STRATA_TEXT_FLAG_BOLD);
  style.max_width = max_width;
  if (_strata_chart_text (ctx, title, &style, ctx->pad, y, 0, 0, &box))
    y += box.height;

  if (subtitle != NULL && *subtitle != '\0')
    {
      style = _strata_chart_style (ctx, 0.95, STRATA_TEXT_TITLE, ctx->theme->muted, 0);
      style.max_width = max_width;
      if (_strata_chart_text (ctx, subtitle, &style, ctx->pad, y + ctx->font_px * 0.15, 0, 0, &box))
        y += box.height + ctx->font_px * 0.15;
    }
  return y + ctx->font_px * 0.8;
}

void
_strata_chart_message (StrataChartCtx *ctx,
                       const char     *message)
{
  StrataTextStyle style;

  style = _strata_chart_style (ctx, 1.1, STRATA_TEXT_LABEL, ctx->theme->muted, STRATA_TEXT_FLAG_TRY);
  style.max_width = ctx->width - 2 * ctx->pad;
  _strata_chart_text (ctx, message, &style, ctx->width / 2, ctx->height / 2, 0.5, 0.5, NULL);
}
