#include "decision/decision.h"

#include <gtest/gtest.h>

namespace infra_flash {
namespace {

// The seed layout: bootstrap -> platform -> data-staging / data-prod.
Config SeedConfig() {
  Config config;
  auto layer = [](std::string name, std::string dir, std::vector<std::string> deps,
                  std::string environment) {
    Layer out;
    out.name = std::move(name);
    out.dir = std::move(dir);
    out.depends_on = std::move(deps);
    out.environment = std::move(environment);
    return out;
  };
  config.layers = {layer("bootstrap", "bootstrap", {}, ""),
                   layer("platform", "platform", {"bootstrap"}, ""),
                   layer("data-staging", "envs/staging/data", {"platform"}, "staging"),
                   layer("data-prod", "envs/prod/data", {"platform"}, "prod")};
  config.environments["staging"].name = "staging";
  config.environments["prod"].name = "prod";
  return config;
}

Event Dispatch(std::map<std::string, std::string> inputs) {
  Event event;
  event.trigger = Trigger::kDispatch;
  event.inputs = std::move(inputs);
  return event;
}

Event Comment(std::string body) {
  Event event;
  event.trigger = Trigger::kComment;
  event.pr_number = 7;
  event.comment_body = std::move(body);
  return event;
}

struct DecideCase {
  const char* name;
  Event event;
  std::vector<std::string> changed;
  Intent intent;
  std::vector<std::string> layers;
  std::string reply_contains;  // for kReply
};

TEST(Decide, Table) {
  const Config config = SeedConfig();
  auto index = LayerIndex::Build(config);
  ASSERT_TRUE(index.ok()) << index.error().ToString();
  Event push;
  push.trigger = Trigger::kPush;
  Event created = push;
  created.branch_created = true;
  Event pr;
  pr.trigger = Trigger::kPullRequest;
  Event closed;
  closed.trigger = Trigger::kPullRequestClosed;
  Event ignored;
  ignored.reason = "labeled";
  const DecideCase cases[] = {
      {"pr plans affected and dependents",
       pr,
       {"platform/a.tf"},
       Intent::kAutoplan,
       {"platform", "data-staging", "data-prod"}},
      {"pr with nothing owned", pr, {"elsewhere.txt"}, Intent::kAutoplan, {}},
      {"closed pr releases locks", closed, {"platform/a.tf"}, Intent::kReleaseLocks, {}},
      {"push converges affected", push, {"envs/prod/data/x.tf"}, Intent::kConverge, {"data-prod"}},
      {"push creating the branch affects all",
       created,
       {},
       Intent::kConverge,
       {"bootstrap", "platform", "data-staging", "data-prod"}},
      {"ignored event", ignored, {"platform/a.tf"}, Intent::kNone, {}},
      {"dispatch apply to staging",
       Dispatch({{"command", "apply"}, {"environment", "staging"}}),
       {},
       Intent::kCommand,
       {"data-staging"}},
      {"dispatch plan of named layers",
       Dispatch({{"command", "plan"}, {"layers", "data-prod, platform"}}),
       {},
       Intent::kCommand,
       {"platform", "data-prod"}},
      {"dispatch verify means all",
       Dispatch({{"command", "verify"}}),
       {},
       Intent::kCommand,
       {"bootstrap", "platform", "data-staging", "data-prod"}},
      {"dispatch unknown command",
       Dispatch({{"command", "destroy-everything"}}),
       {},
       Intent::kReply,
       {},
       "must be one of"},
      {"dispatch unknown environment",
       Dispatch({{"command", "apply"}, {"environment", "qa"}}),
       {},
       Intent::kReply,
       {},
       "prod, staging"},
      {"dispatch unknown layer",
       Dispatch({{"layers", "platfrom"}}),
       {},
       Intent::kReply,
       {},
       "unknown layer"},
      {"comment plan uses changed paths",
       Comment("/plan"),
       {"platform/x.tf"},
       Intent::kCommand,
       {"platform", "data-staging", "data-prod"}},
      {"comment plan named layer only",
       Comment("/plan data-prod"),
       {"platform/x.tf"},
       Intent::kCommand,
       {"data-prod"}},
      {"comment plan all",
       Comment("/plan all"),
       {},
       Intent::kCommand,
       {"bootstrap", "platform", "data-staging", "data-prod"}},
      {"comment plan environment narrows",
       Comment("/plan staging"),
       {"platform/x.tf"},
       Intent::kCommand,
       {"data-staging"}},
      {"comment apply environment narrows",
       Comment("/apply staging"),
       {"platform/x.tf"},
       Intent::kCommand,
       {"data-staging"}},
      {"comment unlock touches no layers",
       Comment("/unlock"),
       {"platform/x.tf"},
       Intent::kCommand,
       {}},
      {"comment help replies", Comment("/help"), {}, Intent::kReply, {}, "/apply"},
      {"prose is ignored", Comment("looks good to me"), {}, Intent::kNone, {}},
  };
  for (const DecideCase& c : cases) {
    Decision decision = Decide(c.event, config, *index, c.changed);
    EXPECT_EQ(IntentName(decision.intent), std::string(IntentName(c.intent))) << c.name;
    EXPECT_EQ(decision.layers, c.layers) << c.name;
    if (!c.reply_contains.empty()) {
      EXPECT_NE(decision.reply.find(c.reply_contains), std::string::npos)
          << c.name << ": " << decision.reply;
    }
    if (c.intent == Intent::kNone) {
      EXPECT_FALSE(decision.reason.empty()) << c.name;
      EXPECT_EQ(decision.event.trigger, Trigger::kIgnored) << c.name;
    }
  }
}

TEST(Decide, AutoplanCanBeTurnedOff) {
  Config config = SeedConfig();
  config.autoplan = false;
  auto index = LayerIndex::Build(config);
  ASSERT_TRUE(index.ok());
  Event pr;
  pr.trigger = Trigger::kPullRequest;
  Decision decision = Decide(pr, config, *index, {"platform/a.tf"});
  EXPECT_EQ(decision.intent, Intent::kNone);
  EXPECT_NE(decision.reason.find("/plan"), std::string::npos) << decision.reason;
}

}  // namespace
}  // namespace infra_flash
