package io.omsbridge.ledger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

/** The ledger's connection pool, with the schema brought up to date by Flyway before anyone uses it. */
public final class LedgerDatabase implements AutoCloseable {

    private final HikariDataSource dataSource;

    private LedgerDatabase(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public static LedgerDatabase open(String url, String username, String password, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(username);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("ledger");
        config.setAutoCommit(true);
        // wait for a database that is briefly unavailable instead of failing the first request
        config.setConnectionTimeout(30_000);
        config.setInitializationFailTimeout(-1);
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new LedgerDatabase(dataSource);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
