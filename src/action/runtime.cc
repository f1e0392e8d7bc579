// $GITHUB_OUTPUT, $GITHUB_STEP_SUMMARY and workflow commands.

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>

#include "action/action.h"

namespace infra_flash::action {
namespace {

std::string RandomDelimiter() {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::random_device device;
  std::string out = "infra_flash_";
  for (int i = 0; i < 20; ++i) out += kAlphabet[device() % (sizeof(kAlphabet) - 1)];
  return out;
}

Status AppendToFileNamedBy(const char* variable, std::string_view text) {
  const char* path = std::getenv(variable);
  if (path == nullptr || *path == '\0') return Ok();
  std::ofstream out(path, std::ios::app | std::ios::binary);
  if (!out)
    return Error{std::string("cannot open $") + variable + " (" + path +
                 "): " + std::strerror(errno)};
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.flush();
  if (!out) return Error{std::string("cannot write $") + variable + " (" + path + ")"};
  return Ok();
}

std::string Escape(std::string_view text, bool property) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '%':
        out += "%25";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      case ':':
        out += property ? "%3A" : ":";
        break;
      case ',':
        out += property ? "%2C" : ",";
        break;
      default:
        out += c;
    }
  }
  return out;
}

const char* SeverityCommand(Severity severity) {
  switch (severity) {
    case Severity::kNotice:
      return "notice";
    case Severity::kWarning:
      return "warning";
    case Severity::kError:
      return "error";
  }
  return "error";
}

// Cuts `text` to at most `size` bytes without splitting a UTF-8 sequence.
std::string_view CutUtf8(std::string_view text, std::size_t size) {
  if (text.size() <= size) return text;
  while (size > 0 && (static_cast<unsigned char>(text[size]) & 0xC0) == 0x80) --size;
  return text.substr(0, size);
}

}  // namespace

std::string FormatOutput(std::string_view name, std::string_view value) {
  std::string delimiter = RandomDelimiter();
  while (value.find(delimiter) != std::string_view::npos) delimiter = RandomDelimiter();
  std::string out(name);
  out += "<<" + delimiter + "\n";
  out += value;
  out += "\n" + delimiter + "\n";
  return out;
}

Status WriteOutputs(const std::vector<std::pair<std::string, std::string>>& outputs) {
  std::string text;
  for (const auto& [name, value] : outputs) text += FormatOutput(name, value);
  return AppendToFileNamedBy("GITHUB_OUTPUT", text);
}

std::string FitStepSummary(std::string_view markdown, std::size_t limit) {
  if (markdown.size() <= limit) return std::string(markdown);
  const std::string note = "\n\n> ✂️ infra-flash cut this summary at " +
                           std::to_string(limit / 1024) +
                           " KiB (GitHub rejects larger ones); the job log has everything.\n";
  std::string_view kept = CutUtf8(markdown, limit > note.size() ? limit - note.size() : 0);
  // End on a whole line so that a table row or a fence is not left half-written.
  const std::size_t last_newline = kept.rfind('\n');
  if (last_newline != std::string_view::npos) kept = kept.substr(0, last_newline + 1);
  return std::string(kept) + note;
}

Status AppendStepSummary(std::string_view markdown) {
  return AppendToFileNamedBy("GITHUB_STEP_SUMMARY", FitStepSummary(markdown));
}

std::string EscapeData(std::string_view message) { return Escape(message, false); }
std::string EscapeProperty(std::string_view value) { return Escape(value, true); }
std::string GroupStart(std::string_view title) { return "::group::" + EscapeData(title) + "\n"; }
std::string GroupEnd() { return "::endgroup::\n"; }
std::string AddMask(std::string_view secret) { return "::add-mask::" + EscapeData(secret) + "\n"; }
std::string StopCommands(std::string_view token) {
  return "::stop-commands::" + std::string(token) + "\n";
}
std::string ResumeCommands(std::string_view token) { return "::" + std::string(token) + "::\n"; }

std::string NewCommandToken() {
  std::random_device device;
  std::string token;
  static constexpr char kHex[] = "0123456789abcdef";
  for (int i = 0; i < 32; ++i) token += kHex[device() % 16];
  return token;
}

std::string FormatAnnotation(const Annotation& annotation) {
  std::string properties;
  auto add = [&](const char* key, const std::string& value) {
    properties += (properties.empty() ? " " : ",") + std::string(key) + "=" + EscapeProperty(value);
  };
  if (!annotation.file.empty()) add("file", annotation.file);
  if (annotation.line > 0) add("line", std::to_string(annotation.line));
  if (annotation.column > 0) add("col", std::to_string(annotation.column));
  if (!annotation.title.empty()) add("title", annotation.title);
  return "::" + std::string(SeverityCommand(annotation.severity)) + properties +
         "::" + EscapeData(annotation.message) + "\n";
}

std::string AnnotationLog::Format(const Annotation& annotation) {
  const int count = ++counts_[annotation.severity];
  if (count <= kAnnotationLimit) return FormatAnnotation(annotation);
  std::string plain = std::string(SeverityCommand(annotation.severity)) + ": " +
                      EscapeData(annotation.message) + "\n";
  if (count == kAnnotationLimit + 1) {
    return "infra-flash: more than " + std::to_string(kAnnotationLimit) + " " +
           SeverityCommand(annotation.severity) +
           " annotations; GitHub shows only the first ones, the rest are plain log lines\n" + plain;
  }
  return plain;
}

}  // namespace infra_flash::action
