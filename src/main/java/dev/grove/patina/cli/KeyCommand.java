package dev.grove.patina.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code patina key}: the age keys of client-side encryption (docs/encryption.md). */
@Command(name = "key", mixinStandardHelpOptions = true, description = {
        "Age keys for [encryption] (docs/encryption.md).",
        "Example: patina key generate --out ~/.config/patina/age-identity.txt"},
        subcommands = {KeyGenerateCommand.class})
final class KeyCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: generate");
    }
}
