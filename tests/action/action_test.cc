#include "action/action.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "common/strings.h"
#include "support/subprocess.h"

namespace infra_flash::action {
namespace {

TEST(Inputs, VariableNamesFollowTheRunner) {
  struct {
    const char* name;
    const char* variable;
  } cases[] = {
      {"github-token", "INPUT_GITHUB-TOKEN"},
      {"config", "INPUT_CONFIG"},
      {"working directory", "INPUT_WORKING_DIRECTORY"},
      {"deploy-secret", "INPUT_DEPLOY-SECRET"},
  };
  for (const auto& c : cases) EXPECT_EQ(InputVariable(c.name), c.variable) << c.name;
}

TEST(Inputs, EmptyMeansUnset) {
  ::setenv("INPUT_LAYERS", "  platform  ", 1);
  ::setenv("INPUT_ENVIRONMENT", "   ", 1);
  EXPECT_EQ(Input("layers"), "platform");
  EXPECT_EQ(Input("environment"), std::nullopt);
  EXPECT_EQ(Input("command"), std::nullopt);
  ::unsetenv("INPUT_LAYERS");
  ::unsetenv("INPUT_ENVIRONMENT");
}

TEST(Outputs, MultiLineValuesCannotForgeOtherOutputs) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/output";
  ::setenv("GITHUB_OUTPUT", path.c_str(), 1);
  const std::string hostile = "line one\nhas-changes=true\nEOF\nx<<EOF";
  ASSERT_TRUE(WriteOutputs({{"command", hostile}, {"layers", "[\"platform\"]"}}).ok());
  ::unsetenv("GITHUB_OUTPUT");
  auto written = ReadFile(path);
  ASSERT_TRUE(written.ok());
  // Parse the file as the runner does: NAME<<DELIM, lines, DELIM.
  std::map<std::string, std::string> parsed;
  auto lines = SplitLines(*written);
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    std::string_view line = lines[i];
    std::size_t marker = line.find("<<");
    ASSERT_NE(marker, std::string_view::npos) << line;
    std::string name(line.substr(0, marker));
    std::string delimiter(line.substr(marker + 2));
    std::string value;
    for (++i; i < lines.size() && lines[i] != delimiter; ++i) {
      value += (value.empty() ? "" : "\n") + std::string(lines[i]);
    }
    parsed[name] = value;
  }
  EXPECT_EQ(parsed.size(), 2u);
  EXPECT_EQ(parsed["command"], hostile);
  EXPECT_EQ(parsed["layers"], "[\"platform\"]");
}

TEST(Outputs, OutsideActionsNothingIsWritten) {
  ::unsetenv("GITHUB_OUTPUT");
  ::unsetenv("GITHUB_STEP_SUMMARY");
  EXPECT_TRUE(WriteOutputs({{"trigger", "ignored"}}).ok());
  EXPECT_TRUE(AppendStepSummary("# hi").ok());
}

TEST(Outputs, UnwritableFileIsAnError) {
  ::setenv("GITHUB_OUTPUT", "/nonexistent/dir/output", 1);
  Status status = WriteOutputs({{"trigger", "ignored"}});
  ::unsetenv("GITHUB_OUTPUT");
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message.find("GITHUB_OUTPUT"), std::string::npos);
}

TEST(StepSummary, FitsTheLimitAndSaysSo) {
  EXPECT_EQ(FitStepSummary("short", 100), "short");
  std::string big;
  while (big.size() < 5000) big += "✅ row\n";  // multi-byte characters at every cut point
  std::string fitted = FitStepSummary(big, 1000);
  EXPECT_LE(fitted.size(), 1000u);
  EXPECT_NE(fitted.find("cut this summary"), std::string::npos);
  // No broken UTF-8: the byte before the note is not a lone lead or continuation byte.
  std::size_t note = fitted.find("\n\n> ✂️");
  ASSERT_NE(note, std::string::npos);
  EXPECT_EQ(fitted.substr(0, note).back(), '\n');
}

TEST(WorkflowCommands, Escaping) {
  EXPECT_EQ(EscapeData("50% done\r\nnext"), "50%25 done%0D%0Anext");
  EXPECT_EQ(EscapeProperty("a:b,c"), "a%3Ab%2Cc");
  EXPECT_EQ(GroupStart("plan platform"), "::group::plan platform\n");
  EXPECT_EQ(AddMask("s3cret\nx"), "::add-mask::s3cret%0Ax\n");
  EXPECT_EQ(StopCommands("abc"), "::stop-commands::abc\n");
  EXPECT_EQ(ResumeCommands("abc"), "::abc::\n");
  Annotation annotation{Severity::kError, "bad key\nsecond line", ".infra-flash.yml", 3, 7,
                        "config"};
  EXPECT_EQ(FormatAnnotation(annotation),
            "::error file=.infra-flash.yml,line=3,col=7,title=config::bad key%0Asecond line\n");
  EXPECT_EQ(FormatAnnotation({Severity::kWarning, "drift"}), "::warning::drift\n");
}

TEST(WorkflowCommands, AnnotationsPastTheLimitBecomeLogLines) {
  AnnotationLog log;
  int commands = 0;
  for (int i = 0; i < 15; ++i) {
    std::string text = log.Format({Severity::kError, "failure " + std::to_string(i)});
    if (text.rfind("::error", 0) == 0) ++commands;
    EXPECT_NE(text.find("failure " + std::to_string(i)), std::string::npos) << "lost message " << i;
  }
  EXPECT_EQ(commands, kAnnotationLimit);
  EXPECT_EQ(log.Format({Severity::kWarning, "w"}).rfind("::warning", 0), 0u)
      << "limits are per type";
}

TEST(WorkflowCommands, StopTokensAreFreshAndUnguessable) {
  const std::string first = NewCommandToken();
  const std::string second = NewCommandToken();
  EXPECT_EQ(first.size(), 32u);
  EXPECT_EQ(first.find_first_not_of("0123456789abcdef"), std::string::npos) << first;
  EXPECT_NE(first, second) << "a token the output could learn from an earlier block";
}

}  // namespace
}  // namespace infra_flash::action
