/* strata-dataset.h
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * The in-memory form of a stack dataset (MODEL.md section 2).
 *
 * A StrataDataset is a reference-counted boxed struct whose fields are
 * public so that the model, the charts and the tests can read them without
 * accessor overhead.  Once a dataset has been loaded (or built and passed to
 * strata_dataset_finish()) it is immutable: every consumer treats its fields
 * as read-only and may share it between threads.
 */

#define STRATA_DATASET_FORMAT "strata-stack/1"

#define STRATA_TYPE_DATASET (strata_dataset_get_type ())

#define STRATA_DATASET_ERROR (strata_dataset_error_quark ())

typedef enum
{
  STRATA_DATASET_ERROR_SYNTAX,   /* not strict RFC 8259 JSON, bad UTF-8, ... */
  STRATA_DATASET_ERROR_INVALID,  /* JSON, but breaks a rule of MODEL.md */
  STRATA_DATASET_ERROR_LIMIT,    /* exceeds one of the documented limits */
  STRATA_DATASET_ERROR_FILE,     /* not a regular readable file */
} StrataDatasetError;

typedef enum
{
  STRATA_MODE_NEUTRAL    = 0,
  STRATA_MODE_INTEGRATED = 1,
} StrataMode;

/* A number that may carry a triangular distribution {value, low, high}.
 * For a plain number, low == value == high and uncertain is FALSE. */
typedef struct
{
  double   value;
  double   low;
  double   high;
  gboolean uncertain;
} StrataNumber;

typedef struct
{
  char        *id;            /* (owned) */
  char        *name;          /* (owned) defaults to id */
  char        *description;   /* (owned) defaults to id */
  StrataMode   mode;

  /* neutral: exactly one of supplier_cost / price was given */
  gboolean     has_price;
  StrataNumber supplier_cost; /* when !has_price */
  StrataNumber price;         /* when has_price */
  StrataNumber margin;

  /* integrated */
  StrataNumber unit_cost;
  StrataNumber learning_rate;     /* default 0 */
  StrataNumber reference_volume;  /* default volume.min (filled in at load) */
  StrataNumber floor_cost;        /* default 0 */

  /* either mode */
  StrataNumber fixed_cost;        /* default 0 */
  StrataNumber ecosystem_value;   /* default 0 */
  StrataNumber latency_ms;        /* default 0 */

  char       **sources;   /* (owned) (nullable) NULL-terminated source ids */
  JsonObject  *extra;     /* (owned) (nullable) unknown keys, kept for save */

  /* The horizon (MODEL.md 8; strata-horizon.h); all default 0. */
  StrataNumber capex;         /* one-time investment to adopt it */
  guint        build_years;   /* years from the decision until it runs */
  StrataNumber exit_cost;     /* one-time cost of leaving it */
  double       experience;    /* integrated: units made before year 0 */
} StrataOption;

typedef struct
{
  char         *id;
  char         *name;
  char         *description;
  gboolean      has_boundary_cost;
  double        boundary_cost;  /* interface to the next layer up, when has_boundary_cost */
  StrataOption *options;        /* (owned) array of n_options */
  guint         n_options;
  char        **sources;
  JsonObject   *extra;
} StrataLayer;

typedef struct
{
  guint        from;      /* layer index */
  guint        to;        /* layer index */
  StrataNumber saving;
  char        *note;      /* (nullable) */
  char       **sources;
  JsonObject  *extra;
} StrataLink;

/* A strategy: one option index per layer.  The "optimal" preset has
 * choices == NULL because it depends on the volume; use
 * strata_strategy_resolve() to get its choices at a volume. */
typedef struct
{
  char       *id;
  char       *name;
  guint      *choices;    /* (owned) (nullable) n_layers option indices */
  gboolean    preset;     /* all-neutral, all-integrated or optimal */
  JsonObject *extra;
} StrataStrategy;

typedef struct
{
  char       *id;
  char       *text;
  char       *url;        /* (nullable) */
  JsonObject *extra;
} StrataSource;

typedef struct _StrataDataset StrataDataset;

/* The decision over years (MODEL.md 8), defined in strata-horizon.h. */
typedef struct _StrataHorizon StrataHorizon;

struct _StrataDataset
{
  /*< private >*/
  gatomicrefcount  ref_count;

  /*< public, read-only once finished >*/
  char            *filename;      /* (nullable) where it was loaded from */
  char            *title;
  char            *description;   /* (nullable) */
  char            *unit;
  char            *currency;
  gboolean         has_price;
  double           price;
  double           volume_min;
  double           volume_max;
  double           volume_default;
  double           boundary_cost; /* default 0 */

  StrataLayer     *layers;        /* bottom first */
  guint            n_layers;
  StrataLink      *links;
  guint            n_links;

  /* Presets first (all-neutral, all-integrated, optimal), then the
   * dataset's own strategies in file order. */
  StrataStrategy  *strategies;
  guint            n_strategies;

  StrataSource    *sources;
  guint            n_sources;

  JsonObject      *extra;         /* (nullable) unknown top-level keys */

  StrataHorizon   *horizon;       /* (owned) (nullable) see strata-horizon.h */
  /* The JSON tree the dataset was loaded from, sealed (read-only), with
   * every key in file order: saving writes it back (strata-save.h) and
   * edits work on a copy of it (strata-edit.h).  NULL for a dataset built
   * by hand. */
  JsonNode        *document;      /* (owned) (nullable) */
};

/* Ids of the presets every dataset has. */
#define STRATA_STRATEGY_ALL_NEUTRAL    "all-neutral"
#define STRATA_STRATEGY_ALL_INTEGRATED "all-integrated"
#define STRATA_STRATEGY_OPTIMAL        "optimal"
#define STRATA_N_PRESETS               3
/* The strategies compared when none were picked (the app on opening a
 * file, strata-cli export without --strategy): the presets and the
 * dataset's first strategies, this many in all, which keeps every chart
 * readable whatever the number of strategies (up to STRATA_MAX_STRATEGIES). */
#define STRATA_DEFAULT_COMPARED        6

GQuark          strata_dataset_error_quark     (void);
GType           strata_dataset_get_type        (void) G_GNUC_CONST;

/* Building by hand (tests, generators).  strata_dataset_new() returns an
 * empty dataset; fill the public fields with g_new0()/g_strdup() allocated
 * memory, then call strata_dataset_finish() once, which fills in defaults
 * (names, reference_volume) and the three presets in front of any
 * strategies already present.  The loader does the same. */
StrataDataset  *strata_dataset_new             (void);
void            strata_dataset_finish          (StrataDataset *self);

StrataDataset  *strata_dataset_ref             (StrataDataset *self);
void            strata_dataset_unref           (StrataDataset *self);

/* Loading: the single entry point for every dataset that enters Strata.
 * On failure returns NULL and sets @error (domain STRATA_DATASET_ERROR);
 * its message holds one line per problem, each in the form
 *   FILE:LINE:COL: error: PATH: what is wrong
 * (PATH and LINE:COL are left out where they do not apply).
 * @display_name names the buffer in messages (e.g. the file name). */
StrataDataset  *strata_dataset_load_file       (const char     *filename,
                                                GError        **error);
StrataDataset  *strata_dataset_load_data       (const char     *data,
                                                gsize           length,
                                                const char     *display_name,
                                                GError        **error);

/* Lookups; return -1 / NULL when absent. */
int             strata_dataset_find_layer      (const StrataDataset *self,
                                                const char          *layer_id);
int             strata_dataset_find_option     (const StrataDataset *self,
                                                guint                layer,
                                                const char          *option_id);
const StrataStrategy *
                strata_dataset_find_strategy   (const StrataDataset *self,
                                                const char          *strategy_id);

/* The first option of @mode in @layer, or -1 when the layer has none. */
int             strata_layer_first_of_mode     (const StrataLayer *layer,
                                                StrataMode         mode);

/* The strategy a dataset opens on, in the app and in strata-cli
 * export: its first own strategy (the story its author tells), else
 * Optimal; NULL only for a dataset without strategies. */
const StrataStrategy *
                strata_dataset_default_strategy (const StrataDataset *self);

gboolean        strata_strategy_is_optimal     (const StrataStrategy *strategy);

const char     *strata_mode_to_string          (StrataMode mode);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StrataDataset, strata_dataset_unref)

G_END_DECLS
