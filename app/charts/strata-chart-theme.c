/* strata-chart-theme.c: themes and the colour-blind-safe palette
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "strata-chart-private.h"

/*
 * Okabe-Ito palette (Okabe & Ito 2008), safe for the common forms of colour
 * blindness.  One colour per mode, used the same way in every chart:
 * neutral (bought) is blue, integrated (built) is vermillion.  Strategy
 * lines take the preset's mode colour where there is one, optimal is
 * bluish green, and dataset strategies take the remaining hues.
 */

#define RGB(hex) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0, 1.0 }

static const StrataRgba mode_colors[] = {
  [STRATA_MODE_NEUTRAL]    = RGB (0x0072B2),
  [STRATA_MODE_INTEGRATED] = RGB (0xD55E00),
};

static const StrataRgba optimal_color = RGB (0x009E73);

/* For dataset strategies, in order. */
static const StrataRgba strategy_colors[] = {
  RGB (0xCC79A7),   /* reddish purple */
  RGB (0xE69F00),   /* orange */
  RGB (0x56B4E9),   /* sky blue */
  RGB (0x7A6A4F),   /* umber (darkened yellow-brown, reads on light and dark) */
  RGB (0x8E8E93),   /* grey */
  RGB (0xB8A600),   /* darkened yellow: Okabe-Ito yellow is too pale on white */
};

static const StrataChartTheme themes[] = {
  [STRATA_THEME_LIGHT] = {
    .background = RGB (0xFFFFFF),
    .foreground = RGB (0x1C1C21),
    .muted      = RGB (0x5E5E68),
    .grid       = RGB (0xE4E4EA),
    .axis       = RGB (0x8B8B95),
    .panel      = RGB (0xF4F4F7),
    .on_mode    = RGB (0xFFFFFF),
    .highlight  = RGB (0x1C1C21),
    .type_scale = 1.0,
    .line_scale = 1.0,
    .font_family = "Sans",
  },
  [STRATA_THEME_DARK] = {
    .background = RGB (0x1E1E23),
    .foreground = RGB (0xF3F3F6),
    .muted      = RGB (0xABABB5),
    .grid       = RGB (0x37373F),
    .axis       = RGB (0x7C7C88),
    .panel      = RGB (0x26262D),
    .on_mode    = RGB (0xFFFFFF),
    .highlight  = RGB (0xF3F3F6),
    .type_scale = 1.0,
    .line_scale = 1.0,
    .font_family = "Sans",
  },
  [STRATA_THEME_SLIDE] = {
    .background = RGB (0xFFFFFF),
    .foreground = RGB (0x111114),
    .muted      = RGB (0x404048),
    .grid       = RGB (0xDCDCE3),
    .axis       = RGB (0x6E6E78),
    .panel      = RGB (0xF2F2F5),
    .on_mode    = RGB (0xFFFFFF),
    .highlight  = RGB (0x111114),
    .type_scale = 1.4,
    .line_scale = 1.5,
    .font_family = "Sans",
  },
};

const StrataChartTheme *
_strata_chart_theme (StrataTheme theme)
{
  if ((guint) theme >= G_N_ELEMENTS (themes))
    theme = STRATA_THEME_LIGHT;
  return &themes[theme];
}

StrataRgba
_strata_chart_mode_color (StrataMode mode)
{
  return mode == STRATA_MODE_INTEGRATED ? mode_colors[STRATA_MODE_INTEGRATED]
                                        : mode_colors[STRATA_MODE_NEUTRAL];
}

StrataRgba
_strata_chart_mix (StrataRgba a,
                   StrataRgba b,
                   double     t)
{
  StrataRgba out;

  out.r = a.r + (b.r - a.r) * t;
  out.g = a.g + (b.g - a.g) * t;
  out.b = a.b + (b.b - a.b) * t;
  out.a = a.a + (b.a - a.a) * t;
  return out;
}

/* The colour of a dataset's nth own strategy (file order), whatever else
 * is shown beside it. */
static StrataRgba
nth_strategy_color (guint nth)
{
  StrataRgba color = strategy_colors[nth % G_N_ELEMENTS (strategy_colors)];
  guint cycle = nth / G_N_ELEMENTS (strategy_colors);

  if (cycle > 0)
    {
      /* Further rounds alternate darker and lighter tints of the hues. */
      StrataRgba toward = (cycle % 2) ? (StrataRgba) RGB (0x000000) : (StrataRgba) RGB (0xFFFFFF);
      double t = 0.18 * ((cycle + 1) / 2);

      color = _strata_chart_mix (color, toward, MIN (t, 0.6));
      color.a = 1.0;
    }
  return color;
}

/*
 * A strategy's colour depends only on which strategy it is, never on what
 * else a chart shows: the presets have fixed colours, the dataset's own
 * strategies take the palette in file order, and any other strategy (the
 * app's "Custom", the CLI's --choices) is drawn in the theme's foreground
 * (Okabe-Ito black), which no other series uses.
 */
StrataRgba
_strata_chart_strategy_color_of (const StrataDataset  *dataset,
                                 const StrataStrategy *strategy,
                                 StrataTheme           theme)
{
  guint nth = 0;

  if (strategy != NULL && strategy->preset && strategy->id != NULL)
    {
      if (strcmp (strategy->id, STRATA_STRATEGY_ALL_NEUTRAL) == 0)
        return mode_colors[STRATA_MODE_NEUTRAL];
      if (strcmp (strategy->id, STRATA_STRATEGY_ALL_INTEGRATED) == 0)
        return mode_colors[STRATA_MODE_INTEGRATED];
      if (strcmp (strategy->id, STRATA_STRATEGY_OPTIMAL) == 0)
        return optimal_color;
    }

  /* The app and the CLI may hand over copies: match by id and name. */
  if (dataset != NULL && strategy != NULL)
    for (guint i = 0; i < dataset->n_strategies; i++)
      {
        const StrataStrategy *own = &dataset->strategies[i];

        if (own->preset)
          continue;
        if (own == strategy ||
            (g_strcmp0 (own->id, strategy->id) == 0 && g_strcmp0 (own->name, strategy->name) == 0))
          return nth_strategy_color (nth);
        nth++;
      }

  return _strata_chart_theme (theme)->foreground;
}

StrataRgba
_strata_chart_strategy_color (const StrataChartRequest *request,
                              guint                     index)
{
  if (request == NULL || index >= request->n_strategies)
    return strategy_colors[0];
  return _strata_chart_strategy_color_of (request->dataset, request->strategies[index], request->theme);
}

void
strata_chart_strategy_color (const StrataDataset  *dataset,
                             const StrataStrategy *strategy,
                             StrataTheme           theme,
                             double                rgba[4])
{
  StrataRgba color;

  g_return_if_fail (rgba != NULL);

  color = _strata_chart_strategy_color_of (dataset, strategy, theme);
  rgba[0] = color.r;
  rgba[1] = color.g;
  rgba[2] = color.b;
  rgba[3] = color.a;
}

void
_strata_chart_set_color (cairo_t    *cr,
                         StrataRgba  color)
{
  cairo_set_source_rgba (cr, color.r, color.g, color.b, color.a);
}

const char *
strata_theme_to_string (StrataTheme theme)
{
  switch (theme)
    {
    case STRATA_THEME_LIGHT:
      return "light";
    case STRATA_THEME_DARK:
      return "dark";
    case STRATA_THEME_SLIDE:
      return "slide";
    default:
      return NULL;
    }
}

void
strata_theme_background (StrataTheme  theme,
                         double      *red,
                         double      *green,
                         double      *blue)
{
  const StrataChartTheme *t = _strata_chart_theme (theme);

  *red = t->background.r;
  *green = t->background.g;
  *blue = t->background.b;
}

gboolean
strata_theme_from_string (const char  *text,
                          StrataTheme *theme)
{
  for (guint i = 0; i < STRATA_N_THEMES; i++)
    if (text != NULL && strcmp (text, strata_theme_to_string (i)) == 0)
      {
        if (theme != NULL)
          *theme = i;
        return TRUE;
      }
  return FALSE;
}
