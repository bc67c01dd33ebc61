package dev.linkproxy.core.spi;

import java.util.Optional;

/**
 * One setting a provider takes, described so a tool can ask a person for it.
 *
 * @param name        the key in {@link ProviderSettings}, e.g. {@code apiToken}
 * @param description what it is and where to get it
 * @param secret      whether it is a credential (held as a {@link Secret})
 * @param required    whether a client cannot connect without it (from settings or the environment)
 * @param envVar      the environment variable read when the setting is absent, or empty
 */
public record SettingDescriptor(String name, String description, boolean secret, boolean required,
                                Optional<String> envVar) {
}
