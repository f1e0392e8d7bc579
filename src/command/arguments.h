// arguments: the words between a command's name and `--` -> the layers, environment
// or suite of a Request, read by the command's grammar in the table. Two grammars:
// the slash one (`/plan platform data-prod`, `/apply staging`, `/e2e smoke`) and the
// legacy flags of Atlantis and Digger (`atlantis plan -d platform -d envs/prod/data`, `-p
// data-prod`).
#pragma once

#include <string>
#include <vector>

#include "command/command.h"
#include "command/table.h"
#include "common/result.h"
#include "config/config.h"

namespace infra_flash {

// A Request with `verb` and what the words name. Error: markdown saying what is
// wrong with which word (user text inside Code()); the caller adds the usage line.
Result<Request> ReadSlashArguments(const CommandSpec& spec, const std::vector<std::string>& words,
                                   const Config& config);

// The same for `bot`'s flag grammar: -d DIR, -p PROJECT, -w WORKSPACE, --verbose,
// each as "-d DIR", "-d=DIR", "--dir DIR" or "--dir=DIR"; repeated -d/-p add layers.
Result<Request> ReadLegacyFlags(const CommandSpec& spec, const BotSpec& bot,
                                const std::vector<std::string>& words, const Config& config);

}  // namespace infra_flash
