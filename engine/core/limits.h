// Every input limit in one place: how large each way into GradLab (spec text, formula, URL hash, model
// file, run file, CLI arguments and files) may be, and the limits inside a spec or formula. The page and
// the CLI check sizes here before parsing, so an over-limit input gets a message naming the limit instead
// of exhausting the stack or memory. Not here: value ranges of single settings (they live with the setting).
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace gl {

// ---- sizes of whole inputs, in bytes (UTF-8) -----------------------------------------------------------
// Spec text (editor, paste, URL, CLI SPEC argument or file). A 30-row spec is about 600 bytes.
constexpr size_t kMaxSpecTextBytes = size_t{64} << 10;  // 64 KiB
// A formula (ACT(...) activation, computation-graph tab, playground surface, CLI grad FORMULA).
constexpr size_t kMaxFormulaBytes = size_t{4} << 10;  // 4 KiB
// The URL hash: a percent-encoded spec (up to 3 bytes per character) plus settings.
constexpr size_t kMaxUrlHashBytes = size_t{256} << 10;  // 256 KiB
// A saved model file (JSON: spec, its JSON form and the hash state).
constexpr size_t kMaxModelFileBytes = size_t{1} << 20;  // 1 MiB
// A saved training run (JSON: settings, parameters and history).
constexpr size_t kMaxRunFileBytes = size_t{64} << 20;  // 64 MiB
// A CLI config file (gradlab-cli train CONFIG.json) or any other file the CLI reads as text.
constexpr size_t kMaxCliFileBytes = size_t{1} << 20;  // 1 MiB

// ---- limits inside a spec, formula or JSON document ------------------------------------------------------
constexpr int kMaxSpecNumber = 1000000;              // any dimension, unit count, kernel, pad or stride
constexpr int64_t kMaxInputValues = int64_t{1} << 28;  // values per sample of INPUT
constexpr int kMaxFormulaDepth = 200;                // nesting: parentheses, calls, signs, exponents
constexpr int kMaxFormulaHeight = 1000;              // operations in a chain (x+x+...+x): tree height
constexpr int kMaxJsonDepth = 200;                   // nested arrays / objects

// ---- training memory -------------------------------------------------------------------------------------
// Memory a model may use for training (ModelSummary::train_bytes), on the page and by default in
// gradlab-cli train (--memory-budget-mib raises it there). The page's WASM heap may grow to 1 GiB
// (-sMAXIMUM_MEMORY in CMakeLists.txt); 640 MiB for the model leaves 384 MiB for what train_bytes does not
// count. Measured on the course's 3D network (INPUT 3 x 8 x 64 x 64, CONV5-16-p2-s1, POOL2, CONV3-32-p1-s1,
// POOL2, FC-256, FC-10) trained natively at batch 32: 428.5 MiB by the formula, 718.6 MiB peak resident, so
// ~290 MiB uncounted (the 64 MiB clip set held twice while it is generated, im2col columns, the statistics'
// parameter snapshot, the batch copy, the app). With BN after the first conv it needs 556.5 MiB: both fit.
constexpr int64_t kTrainBudgetBytes = int64_t{640} << 20;  // 640 MiB

// ---- generated data ----------------------------------------------------------------------------------------
// A clip set's inputs (train + test, float32): a link or a slider may ask for 20000 clips of 4 x 64 x 128 x 128
// (335 GB); the page's heap is 1 GiB. 64 MiB holds 1000 clips of 1 x 8 x 32 x 32 (32 KiB each) or 170 of the
// exam's 3 x 8 x 64 x 64 (384 KiB each), the size suggest_data_for_spec offers.
constexpr int64_t kMaxClipSetBytes = int64_t{64} << 20;  // 64 MiB

// The ways in, each with one of the byte limits above.
enum class InputKind { SpecText, Formula, UrlHash, ModelFile, RunFile, CliFile, Count };

const char* input_kind_name(InputKind k);   // "spec text", "formula", "URL hash", ...
const char* input_kind_id(InputKind k);     // "spec_text", "formula", "url_hash", ... (JSON keys)
size_t input_limit_bytes(InputKind k);
const char* input_limit_name(InputKind k);  // "kMaxSpecTextBytes", for messages and docs

// nullopt when bytes is within the limit, else a message naming the input, its size and the limit:
// "the spec text is 70000 bytes (68.4 KiB); the limit is 64 KiB (kMaxSpecTextBytes)".
std::optional<std::string> check_input_size(InputKind k, size_t bytes);
// Same, throwing EngineError with that message.
void require_input_size(InputKind k, size_t bytes);
// Every byte limit as JSON, for the page's JavaScript to check sizes before copying text into wasm:
// {"spec_text":{"bytes":65536,"name":"kMaxSpecTextBytes","what":"spec text"},...}.
std::string input_limits_json();

}  // namespace gl
