package io.ringside.perf;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the process runs read from a member's or an engine's HTTP endpoint: a page (empty when it does not answer:
 * a killed process is a normal part of these runs) and a Prometheus gauge of it.
 */
public final class HttpProbe
{
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public String get(final int port, final String path)
    {
        try
        {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
        }
        catch (final IOException ex)
        {
            return "";
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /**
     * @return the metric's value on {@code /metrics}, -1 when absent or not answered.
     */
    public long metric(final int port, final String name)
    {
        final Matcher m = Pattern.compile("(?m)^" + name + " (-?\\d+)$").matcher(get(port, "/metrics"));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
