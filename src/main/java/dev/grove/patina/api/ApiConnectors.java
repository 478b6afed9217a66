package dev.grove.patina.api;

import dev.grove.patina.config.ApiConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The one listening socket of the API: plain HTTP on a loopback address, HTTPS (with {@code api.tls_keystore})
 * anywhere. Plain HTTP elsewhere is refused here as in the config reader, for configs built in code.
 */
final class ApiConnectors {
    private ApiConnectors() {
    }

    /** Fails with a message naming the key when the config asks for plain HTTP off loopback or a bad keystore. */
    static void check(ApiConfig config) throws IOException {
        if (!config.tls() && !ApiConfig.isLoopback(config.bind())) {
            throw new IOException("api.bind = \"" + config.bind() + "\" is not a loopback address: plain HTTP is "
                    + "served only on loopback; set api.tls_keystore or use a TLS reverse proxy");
        }
        if (config.tls()) {
            Path file = config.tlsKeystore().orElseThrow();
            char[] password = config.tlsKeystorePassword().map(s -> s.reveal().toCharArray()).orElse(new char[0]);
            try (InputStream in = Files.newInputStream(file)) {
                KeyStore.getInstance(KeyStore.getDefaultType()).load(in, password);
            } catch (IOException | GeneralSecurityException e) {
                throw new IOException("api.tls_keystore: cannot open " + file + " (" + e.getClass().getSimpleName()
                        + "; a PKCS#12 or JKS keystore and its api.tls_keystore_password are needed)");
            }
        }
    }

    static Connector connector(Server server, HttpConfiguration http, ApiConfig config) {
        http.setSendServerVersion(false);
        ServerConnector c;
        if (config.tls()) {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(config.tlsKeystore().orElseThrow().toAbsolutePath().toString());
            ssl.setKeyStorePassword(config.tlsKeystorePassword().map(s -> s.reveal()).orElse(""));
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            // a self-signed certificate for "localhost" must still answer https://127.0.0.1 and the like
            secure.setSniHostCheck(false);
            http.addCustomizer(secure);
            c = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
        } else {
            c = new ServerConnector(server, new HttpConnectionFactory(http));
        }
        c.setHost(config.bind());
        c.setPort(config.port());
        return c;
    }
}
