// The waiver's expiry is relative to the run, so this test never ages: today (UTC) plus 5 days.
import java.time.LocalDate
import java.time.ZoneOffset

File policy = new File(basedir, 'aigate.yml')
String expires = LocalDate.now(ZoneOffset.UTC).plusDays(5).toString()
policy.setText(policy.getText('UTF-8').replace('@EXPIRES@', expires), 'UTF-8')
return true
