package dev.sata.datasets;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import com.holdenkarau.spark.testing.SharedJavaSparkContext;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base class for Spark tests of this module: a local Spark session shared by every test of the JVM,
 * from spark-testing-base, driven from JUnit 5.
 */
public abstract class SparkTestBase extends JavaDataFrameSuiteBase {

  private static final long serialVersionUID = 1L;

  @BeforeEach
  public void startSpark() {
    runBefore();
  }

  @AfterAll
  public static void stopSpark() {
    SharedJavaSparkContext.runAfterClass();
  }

  @Override
  public boolean enableHiveSupport() {
    return false;
  }

  @Override
  public SparkConf conf() {
    return super.conf()
        .set("spark.sql.shuffle.partitions", "3")
        .set("spark.ui.enabled", "false")
        .set("spark.ui.showConsoleProgress", "false");
  }
}
